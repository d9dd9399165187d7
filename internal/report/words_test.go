package report

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the report's Go names is in en.md and ko.md, and both
// hold the same keys.
func TestKeysExist(t *testing.T) {
	if missing := words.Missing(); len(missing) > 0 {
		t.Errorf("missing: %v", missing)
	}
	texttest.Keys{Words: words, Calls: map[string]int{"notRecording": 0}}.Check(t, ".")
}
