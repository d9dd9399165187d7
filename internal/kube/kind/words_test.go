package kind

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{
		Words: words,
		Calls: map[string]int{"words.Err": 0, "errorOf": 1, "m.Scene.Say": 1},
		Made:  map[string][]string{"kind.quirk.": {"cgroup-v1", "oom-score"}},
	}.Check(t, ".")
}
