package lessons

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the engine's own words, in every language: its notes and
// its errors.
var Words = text.MustLoadDir(messageFiles, "messages")
