package node

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: words, Calls: map[string]int{"words.Err": 0}}.Check(t, ".")
}
