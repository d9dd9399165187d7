package all_test

import (
	"path/filepath"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key a lesson's Go names (words.Err, words.Say) is in that
// lesson's own en.md and ko.md.
func TestLessonKeysExist(t *testing.T) {
	found := 0
	for _, l := range all.Lessons {
		k := texttest.Keys{Words: l.Text, Calls: map[string]int{"words.Err": 0, "words.Say": 1}}
		found += k.Count(t, filepath.Join("..", lessontest.Dir(l.Name)))
	}
	if found == 0 {
		t.Fatal("found no message key in the lessons' Go; is the scan broken?")
	}
}
