package kube

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Words are kube's errors, in every language.
var Words = text.MustLoad(files)
