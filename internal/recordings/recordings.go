// Package recordings holds recordings of real runs of the node lessons,
// built into kpod: where a cluster hides its nodes, kpod offers to play
// one instead (kpod replay), in the student's language. They are the
// recordings of the replay tests (internal/cli/testdata/replay), made on
// a three-node kind cluster (KPOD_KIND_KEEP=1 make e2e-kind, with its
// KPOD_IMAGE_* set) with `kpod LESSON --no-color --record LESSON.json`, as
// kpod's offer of them says.
package recordings

import "embed"

// Files holds the recordings, LESSON.json.
//
//go:embed pause.json static.json
var Files embed.FS
