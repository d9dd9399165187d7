package lessons

import (
	"embed"
	"io/fs"

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
var Words = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()

// engineSection is key in the engine's words: its own, then those of the
// way to the nodes and of the report, whose notes a run says.
func engineSection(lang, key string) (text.Section, bool) {
	for _, words := range []text.Text{Words, nodeway.Words, report.Words} {
		if sec, ok := words.Lookup(lang, key); ok {
			return sec, true
		}
	}
	return text.Section{}, false
}

// errorWords are the words an error that ends a lesson's run is told in,
// looked up by key alone (a replay tells a recorded error again): the
// lesson's own, the engine's, the node way's, kube's and kind's.
func errorWords(lesson text.Text) text.Sayer {
	return text.Texts{lesson, Words, nodeway.Words, kube.Words, kind.Words}
}
