package kind

import (
	"embed"

	_ "github.com/kpod-dev/kpod/internal/kube/kubetext" // kube's errors, which kind's wrap
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are kind's errors and progress lines, registered for text.Err.
var words = text.Register(text.MustLoad(files))
