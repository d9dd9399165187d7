package practice

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{
		Words: words,
		Calls: map[string]int{"words.Err": 0, "words.Say": 1},
		Made:  map[string][]string{"why.": nil}, // each task's reasons, told in every language by tasks_test.go
	}.Check(t, ".")
}
