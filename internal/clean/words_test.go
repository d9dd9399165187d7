package clean

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every line clean says is in its messages/en.md and ko.md.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: words, Calls: map[string]int{"c.Scene.Say": 1}}.Check(t, ".")
}
