// Package examples holds the manifests the lessons apply. They are plain
// YAML: a student can also `kubectl apply -f` them.
package examples

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// FS holds every manifest, by file name, and comments.<lang>.md: for each
// manifest, its comment in that language, shown instead of the file's own
// English comments when a lesson prints the manifest in that language.
//
//go:embed *.yaml comments.*.md
var FS embed.FS

// Names lists the manifests by name (the file name without .yaml), sorted.
func Names() []string {
	files, _ := fs.Glob(FS, "*.yaml")
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(f, ".yaml"))
	}
	sort.Strings(out)
	return out
}

// Read returns the manifest called name (with or without .yaml), each
// `image: OLD` line of swap's keys turned into `image: NEW`.
func Read(name string, swap map[string]string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".yaml")
	data, err := fs.ReadFile(FS, name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("no example called %q; the examples are: %s", name, strings.Join(Names(), ", "))
	}
	for old, img := range swap {
		if img != "" && img != old {
			data = bytes.ReplaceAll(data, []byte("image: "+old), []byte("image: "+img))
		}
	}
	return data, nil
}
