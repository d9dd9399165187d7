// Package kubetext holds internal/kube's messages, registered for
// text.Err when it is linked in. internal/kube does not import it, so its
// own tests read an error as its key and facts; the packages that tell
// kube's errors to people (lessons, kind) import it.
package kubetext

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Words are kube's errors, in every language.
var Words = text.Register(text.MustLoad(files))
