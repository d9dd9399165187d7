package clean

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var files embed.FS

// words are clean's lines, in every language.
var words = func() text.Text {
	sub, _ := fs.Sub(files, "messages")
	return text.MustLoad(sub)
}()
