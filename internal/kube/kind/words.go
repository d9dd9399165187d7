package kind

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are kind's errors and progress lines, in every language.
var words = text.MustLoad(files)

// Words returns kind's errors and progress lines, for callers that say them
// again (replay) or check them.
func Words() text.Text { return words }
