package cli

import (
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the command line's Go names is in its own words, in
// every language (texttest.Strays holds it to its own).
func TestKeysExist(t *testing.T) {
	texttest.Keys{
		Words: words,
		Calls: map[string]int{"words.Err": 0, "words.Say": 1, "words.Get": 1, "words": 0, "oneArg": 1},
		Made: map[string][]string{
			"doctor.": {"err.kind.docker.denied", "err.kind.docker.denied.fix", "err.kind.docker.down",
				"err.kind.docker.down.fix", "err.kind.podman.down", "err.kind.podman.down.fix"},
			"doctor.name.": {"container-engine", "cluster", "nodes", "permissions", "node-access", "lesson-images", "kubectl"},
		},
	}.Check(t, ".")
}

// progressWords are progress's words, for tests that raise its errors.
func progressWords(t *testing.T) text.Text {
	t.Helper()
	words, err := text.Load(os.DirFS("../progress"))
	if err != nil {
		t.Fatal(err)
	}
	return words
}
