package lessons

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the engine's own words, in every language, for the notes
// that name them and, registered (text.Register), the errors.
var Messages = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()
