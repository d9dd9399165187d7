package draw

import "testing"

func TestWordsInEveryLanguage(t *testing.T) {
	for _, m := range words.Missing() {
		t.Error(m)
	}
}
