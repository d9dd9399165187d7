// Package kubetext holds internal/kube's messages, which the program
// registers (text.Register) to tell kube's errors to people. internal/kube
// does not import it, so its own tests read an error as its key and facts.
package kubetext

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Words are kube's errors, in every language.
var Words = text.MustLoad(files)
