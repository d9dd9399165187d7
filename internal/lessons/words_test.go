package lessons

import (
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the engine's Go names is in messages/en.md and ko.md.
func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: Words, Calls: map[string]int{
		"Words.Err": 0, "Words.Get": 1, "n.render": 0,
	}}.Check(t, ".")
}

// No key is in two of the words a replay reads (the engine's, the way to
// the nodes', the report's, kube's and kind's): which one it says would
// depend on their order.
func TestRecordedWordsNotShadowed(t *testing.T) {
	if s := recordedWords(nil).Shadowed(); s != nil {
		t.Error(strings.Join(s, "\n"))
	}
}
