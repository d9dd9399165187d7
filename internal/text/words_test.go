package text_test

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: text.Own, Calls: map[string]int{"words.Err": 0}}.Check(t, ".")
}
