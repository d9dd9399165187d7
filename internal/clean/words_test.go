package clean

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// clean's lines are the engine's words.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: lessons.Messages, Calls: map[string]int{"lessons.Messages.Say": 1, "c.render": 0}}.Check(t, ".")
}
