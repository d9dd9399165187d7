package kube

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func TestKeysExist(t *testing.T) {
	texttest.Keys{Words: words, Calls: map[string]int{"words.Err": 0}}.Check(t, ".")
}

// Each of kube's waits says its timeout in its own words, in every
// language, with the Pod and how long it waited; errors.Is finds
// ErrTimeout in it.
func TestWaitTimedOut(t *testing.T) {
	for _, w := range []Wait{ForPod, ForGone} {
		err := w.TimedOut(text.Facts{"Pod": "web"}, 90*time.Second)
		if !errors.Is(err, ErrTimeout) || text.Key(err) != string(w) {
			t.Errorf("%s: %v is not a timeout of its own key", w, err)
		}
		for lang, wait := range map[string]string{"en": "1m30s", "ko": "1분 30초"} {
			if got := (text.Scene{Lang: lang}).Tell(err); !strings.Contains(got, "pod/web") || !strings.Contains(got, wait) {
				t.Errorf("%s in %s: %q, want the Pod and %q", w, lang, got, wait)
			}
		}
	}
}
