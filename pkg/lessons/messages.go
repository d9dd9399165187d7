package lessons

import (
	"embed"
	"io/fs"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the engine's own words, in every language.
var Messages = func() Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return MustLoadText(sub)
}()
