package lessons

import (
	"embed"
	"io/fs"

	_ "github.com/kpod-dev/kpod/internal/kube/kubetext" // kube's errors, told to students
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the engine's own words, in every language, registered for
// the errors and notes that name them.
var Messages = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.Register(text.MustLoad(sub))
}()
