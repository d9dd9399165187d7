// Package recordings holds recordings of real runs of the node lessons,
// built into kpod: where a cluster hides its nodes, kpod offers to play
// one instead (kpod replay). For now they are the recordings of the replay
// tests (internal/cli/testdata/replay), in the format before records
// carried their keys and facts; they are to be recorded again on a real
// cluster with this kpod (`kpod pause --record internal/recordings/pause.json`).
package recordings

import (
	"embed"
	"io/fs"
)

//go:embed pause.json static.json
var files embed.FS

// Files holds the recordings, LESSON.json; tests swap it.
var Files fs.FS = files

// Get is the recording of lesson, and whether there is one.
func Get(lesson string) ([]byte, bool) {
	b, err := fs.ReadFile(Files, lesson+".json")
	return b, err == nil
}
