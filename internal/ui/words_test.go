package ui

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: messages, Calls: map[string]int{"messages.Err": 0}}.Check(t, ".")
}
