package lessontest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
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

// Texts checks a lesson's words: every language has the same sections, no
// key of the lesson's or the engine's is in two of the tables a run looks
// keys up in (Lesson.Sources), and every language has a section for each
// step (with the default options and with every option choice) and for
// each of extraKeys, the keys the lesson's code looks up itself; and that
// every wait's message (Cond.Key) is in the lesson's words or the engine's
// in every language.
func Texts(t testing.TB, l *lessons.Lesson, extraKeys ...string) {
	t.Helper()
	if missing := l.Text.Missing(); len(missing) > 0 {
		t.Errorf("lesson %s: %s", l.Name, strings.Join(missing, "; "))
	}
	for _, s := range l.Sources().Shadowed() {
		t.Errorf("lesson %s: %s; which one a run says depends on the order", l.Name, s)
	}
	keys := append([]string(nil), extraKeys...)
	waits := map[string]bool{} // the message keys of the steps' waits (Cond.Key)
	for _, v := range OptionValues(l) {
		steps, err := l.StepsFor(v)
		if err != nil {
			t.Fatalf("lesson %s: %v", l.Name, err)
		}
		for _, st := range steps {
			keys = append(keys, st.Key)
			for _, c := range lessons.Conds(st.Do) {
				waits[c.Key] = true
			}
		}
	}
	for key := range waits {
		for _, lang := range text.Languages {
			if _, ok := l.Sources().Lookup(lang, key); !ok {
				t.Errorf("lesson %s: a wait says %q, in neither its %s.md nor the engine's", l.Name, key, lang)
			}
		}
	}
	seen := map[string]bool{}
	for _, key := range keys {
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, lang := range text.Languages {
			if _, ok := l.Text[lang][key]; !ok {
				t.Errorf("lesson %s: %s.md has no section %q", l.Name, lang, key)
			}
		}
	}
}

// Contract renders every text and every command of a lesson strictly (a
// text key in no language, a fact the run never learned or a template error
// fails the test): the dry run for every option value in every language,
// and, when clients is not nil, the run on a fake cluster likewise. clients
// makes the fake cluster for one run (FakeClients, with its exec answers).
func Contract(t *testing.T, l *lessons.Lesson, clients func(ctx context.Context) (*kube.Clients, error)) {
	t.Helper()
	for _, v := range OptionValues(l) {
		for _, lang := range text.Languages {
			t.Run(fmt.Sprintf("dry/%s/%v", lang, v), func(t *testing.T) { DryRunWith(t, l, lang, v) })
			if clients == nil {
				continue
			}
			t.Run(fmt.Sprintf("fake/%s/%v", lang, v), func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				c, err := clients(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var out, rec bytes.Buffer
				s := RecordedSession(l, lang, v, c, &out, &rec)
				if err := s.Run(ctx); err != nil {
					t.Fatalf("%v\n%s", err, out.String())
				}
				SameReplay(t, out.String(), rec.Bytes()) // kpod replay shows the run as it was
			})
		}
	}
}
