package kube

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: Words, Calls: map[string]int{"Words.Err": 0}}.Check(t, ".")
}
