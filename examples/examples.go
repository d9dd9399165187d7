// Package examples holds the manifests the lessons apply. They are plain
// YAML: a student can also `kubectl apply -f` them.
package examples

import "embed"

// FS holds every manifest, by file name, and comments.<lang>.md: for each
// manifest, its comment in that language, shown instead of the file's own
// English comments when a lesson prints the manifest in that language.
//
//go:embed *.yaml comments.*.md
var FS embed.FS
