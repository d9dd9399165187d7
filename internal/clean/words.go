package clean

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var files embed.FS

// words are clean's lines, in every language.
var words = text.MustLoadDir(files, "messages")
