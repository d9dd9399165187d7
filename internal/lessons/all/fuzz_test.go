package all_test

import (
	"io"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// Every lesson's texts, filled with odd facts (as a cluster may name Pods,
// nodes and images), render in both languages and show the values as they are.
func FuzzLessonTexts(f *testing.F) {
	for _, s := range []string{"kpod-e2e", "노드", "{{.ip}}", "10.0.0.1", "a\nb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, l := range all.Lessons {
			for _, lang := range text.Languages {
				s := lessontest.FakeSession(l, nil, nil, io.Discard)
				s.Lang, s.Strict = lang, false
				for _, k := range []string{"pod-ip", "node", "staticPodPath", "pause-id", "webserver.ip"} {
					lessons.Fact[string](k).Set(s, v)
				}
				for key := range l.Text["en"] {
					out := s.View().Line(key, text.Facts{"Pod": v, "Node": v, "Message": v}).Text
					if strings.Contains(out, "{{") && !strings.Contains(v, "{{") && !strings.Contains(l.Text.Get(lang, key).Body, "`{{") {
						t.Errorf("%s %s/%s: a template was left in the text:\n%s", l.Name, lang, key, out)
					}
				}
			}
		}
	})
}
