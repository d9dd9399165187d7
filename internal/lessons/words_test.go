package lessons

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the engine's Go names is in messages/en.md and ko.md.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: words, Calls: map[string]int{
		"words.Err": 0, "words.Get": 1, "n.render": 0,
	}}.Check(t, ".")
}
