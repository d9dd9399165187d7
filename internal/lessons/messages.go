package lessons

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the engine's own words, in every language: its notes and
// its errors.
var Words = text.MustLoadDir(messageFiles, "messages")

// engineWords are the words the engine says and tells errors in, looked
// up by key: its own, then those of the way to the nodes, the report (whose
// notes a run says), kube and kind.
var engineWords = text.Texts{Words, nodeway.Words, report.Words, kube.Words, kind.Words}

// wordsOf are the words of a run of a lesson with texts lesson (nil when
// none is known): the lesson's own first, then the engine's. A line, an
// error and a replay all look a key up here.
func wordsOf(lesson text.Text) text.Texts {
	return append(text.Texts{lesson}, engineWords...)
}
