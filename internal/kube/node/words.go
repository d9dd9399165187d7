package node

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are node's errors, in every language.
var words = text.MustLoad(files)

// Words returns node's errors, for callers that say them again (replay) or
// check them.
func Words() text.Text { return words }
