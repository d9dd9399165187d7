package kind

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Words are kind's errors and progress lines, in every language.
var Words = text.MustLoad(files)
