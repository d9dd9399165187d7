package cli

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// words are the command line's own words: its errors about flags,
// arguments and commands (err.cli.*), its commands' lines, and doctor's
// checks (doctor.*).
var words = text.MustLoadDir(messageFiles, "messages")
