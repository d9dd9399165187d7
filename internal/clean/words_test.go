package clean

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every line clean says is in its messages/en.md and ko.md.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: words, Calls: map[string]int{"words.Say": 1, "words.Get": 1, "c.render": 0}}.Check(t, ".")
}
