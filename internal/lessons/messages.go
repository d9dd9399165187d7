package lessons

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
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
// way to the nodes, whose notes a run says.
func engineSection(lang, key string) (text.Section, bool) {
	if sec, ok := Words.Lookup(lang, key); ok {
		return sec, true
	}
	return nodeway.Words.Lookup(lang, key)
}

// errorWords are the words an error that ends a lesson's run is told in,
// looked up by key alone (a replay tells a recorded error again): the
// lesson's own, the engine's, the node way's, kube's and kind's.
func errorWords(lesson text.Text) text.Words {
	return text.Texts{lesson, Words, nodeway.Words, kube.Words, kind.Words}
}
