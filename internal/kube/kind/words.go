package kind

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are kind's errors and progress lines, registered for text.Err.
var words = text.Register(text.MustLoad(files))
