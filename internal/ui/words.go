package ui

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// messages are ui's errors, in every language.
var messages = text.MustLoad(files)
