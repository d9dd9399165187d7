package practice

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the practice engine's own words, in every language.
var Words = text.MustLoadDir(messageFiles, "messages")
