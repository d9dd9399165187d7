package lessontest

import (
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/pkg/lessons"
)

// OptionValues returns a lesson's default option values, then the defaults
// with each choice of each option in turn.
func OptionValues(l *lessons.Lesson) []lessons.Values {
	out := []lessons.Values{l.Defaults()}
	for _, o := range l.Options {
		for _, c := range o.Choices {
			v := l.Defaults()
			v[o.Name] = c
			out = append(out, v)
		}
	}
	return out
}

// Texts checks a lesson's words: every language has the same sections, and
// every language has a section for each step (with the default options and
// with every option choice) and for each of extraKeys, the keys the lesson's
// code looks up itself.
func Texts(t testing.TB, l *lessons.Lesson, extraKeys ...string) {
	t.Helper()
	if missing := l.Text.Missing(); len(missing) > 0 {
		t.Errorf("lesson %s: %s", l.Name, strings.Join(missing, "; "))
	}
	keys := append([]string(nil), extraKeys...)
	for _, v := range OptionValues(l) {
		for _, st := range l.Steps(v) {
			keys = append(keys, st.Key)
		}
	}
	seen := map[string]bool{}
	for _, key := range keys {
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, lang := range lessons.Languages {
			if _, ok := l.Text[lang][key]; !ok {
				t.Errorf("lesson %s: %s.md has no section %q", l.Name, lang, key)
			}
		}
	}
}
