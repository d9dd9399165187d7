package practice

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// words are the practice engine's own words, in every language.
var words = text.MustLoadDir(messageFiles, "messages")

// Words are the practice engine's own words, for those that check them.
func Words() text.Text { return words }
