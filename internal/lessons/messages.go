package lessons

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind" // only for its words, which a run's errors may be told in (recordedWords)
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the engine's own words, in every language: its notes and
// its errors.
var Words = text.MustLoadDir(messageFiles, "messages")

// recordedWords are where a replay finds the key of a recorded line or
// error of a run of a lesson with texts lesson (nil when none is known):
// the lesson's and the engine's words, then those of the packages whose
// notes a run says (the way to the nodes) or whose errors it records (the
// report, kube, kind). Only a replay reads kube's and kind's words here: a
// run says its own lines from Lesson.Words.
func recordedWords(lesson text.Text) text.Texts {
	return text.Texts{lesson, Words, nodeway.Words, report.Words, kube.Words, kind.Words}
}
