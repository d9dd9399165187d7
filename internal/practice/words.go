package practice

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the practice engine's own words, in every language.
var Words = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()
