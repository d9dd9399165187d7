package lessons

import (
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// TestMain registers the command line's words, which the CLI registers in
// the program: the engine checks flags (--image-*, lesson options) with
// its err.cli keys.
func TestMain(m *testing.M) {
	words, err := text.Load(os.DirFS("../cli/messages"))
	if err != nil {
		panic(err)
	}
	text.Register(words, "err.cli.")
	os.Exit(m.Run())
}
