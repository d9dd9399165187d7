package lessons

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the engine's own words, in every language: its notes and
// its errors.
var Messages = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()

// errorWords are the words an error that ends a lesson's run is told in,
// looked up by key alone (a replay tells a recorded error again): the
// lesson's own, the engine's, kube's and kind's.
func errorWords(lesson text.Text) text.Words {
	return text.Texts{lesson, Messages, kube.Words, kind.Words}
}
