package lessons

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// A text key in no language, or a fact the run never learned, is an error
// of a strict run, and never shows as the raw key.
func TestStrict(t *testing.T) {
	l := &Lesson{Name: "t", Text: text.Text{"en": {"s": {Title: "S", Body: "node {{.Node}}"}}, "ko": {"s": {Title: "S", Body: "노드 {{.Node}}"}}},
		Steps: func(Values) []Step { return []Step{{Key: "s"}, {Key: "nope"}} }}
	var out bytes.Buffer
	s := NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, l, Config{DryRun: true, Strict: true}, reportTo(report.NewHuman(&out)))
	err := s.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), `no text "nope"`) {
		t.Errorf("dry run: %v", err)
	}
	if strings.Contains(out.String(), "nope") {
		t.Errorf("the raw key reached the output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "node <Node>") {
		t.Errorf("a dry run shows what it does not know yet as <Node>:\n%s", out.String())
	}
	s = NewSession(runenv.Env{Lang: "ko", Clock: clock.RealClock{}}, l, Config{Strict: true}, reportTo(report.NewHuman(&out)))
	if got := s.line("s", nil).Text; got != "노드 <Node>" {
		t.Errorf("Text = %q", got)
	}
	if err := (&runner{s: s}).textErr(); err == nil || !strings.Contains(err.Error(), "not known: Node") {
		t.Errorf("a fact the run never learned: %v", err)
	}
	s.learned.problems = nil
	Fact[string]("Node").Set(s, "n1")
	if got := s.line("s", nil).Text; got != "노드 n1" || (&runner{s: s}).textErr() != nil {
		t.Errorf("Text = %q, %v", got, (&runner{s: s}).textErr())
	}
}

// A run's line finds a key in the lesson's and the engine's words only,
// not in kube's (a replay finds kube's: package replay).
func TestEngineWordsOnly(t *testing.T) {
	s := NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, &Lesson{Name: "t"}, Config{}, reportTo(report.NewHuman(&bytes.Buffer{})))
	facts := text.Facts{"Pod": "web", "Wait": "1s", "Cond": "Ready", "Status": "Pending"}
	if line := s.line("err.kube.timeout", facts).Text; line != "" || len(s.learned.problems) == 0 {
		t.Errorf("a line found kube's key: %q, problems %v", line, s.learned.problems)
	}
	if line := s.line("ui.waiting", facts).Text; line == "" || strings.Contains(line, "ui.waiting") {
		t.Errorf("the engine's key in a line: %q", line)
	}
}
