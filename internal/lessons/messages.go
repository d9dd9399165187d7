package lessons

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// words are the engine's own words, in every language: its notes and
// its errors.
var words = text.MustLoadDir(messageFiles, "messages")

// Words are the engine's own words, for those that say its lines and
// errors again (replay) or check them.
func Words() text.Text { return words }
