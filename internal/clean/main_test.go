package clean

import (
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// TestMain registers the engine's words, which clean's errors are told in,
// as the program does in cli.
func TestMain(m *testing.M) {
	if err := text.Register(lessons.Messages); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
