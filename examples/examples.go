// Package examples holds the manifests the lessons apply. They are plain
// YAML: a student can also `kubectl apply -f` them.
package examples

import "embed"

// FS holds every manifest, by file name.
//
//go:embed *.yaml
var FS embed.FS
