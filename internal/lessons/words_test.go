package lessons

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the engine's Go names is in messages/en.md and ko.md.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: Messages, Calls: map[string]int{
		"Messages.Err": 0, "Messages.Say": 1, "Messages.Get": 1, "n.render": 0,
	}}.Check(t, ".")
}
