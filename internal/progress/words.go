package progress

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are progress's errors, in every language.
var words = text.MustLoad(files)
