// Package recordings holds recordings of real runs of the node lessons,
// built into kpod: where a cluster hides its nodes, kpod offers to play
// one instead (kpod replay), in the student's language. They are the
// recordings of the replay tests (internal/cli/testdata/replay), made on
// the test cluster with `kpod LESSON --no-color --record LESSON.json`.
package recordings

import "embed"

// Files holds the recordings, LESSON.json.
//
//go:embed pause.json static.json
var Files embed.FS
