package practice

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: Messages, Calls: map[string]int{"Messages.Err": 0, "Messages.Say": 1}}.Check(t, ".")
}
