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

// A local fact of the name of a learned one is a text problem: which one a
// text reads would be a silent choice.
func TestLocalFactHidesLearned(t *testing.T) {
	s := NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, &Lesson{Name: "t"}, Config{Strict: true}, reportTo(report.NewHuman(&bytes.Buffer{})))
	Fact[string]("web").Set(s, "learned")
	if got := s.fill("{{.Pod}}", text.Facts{"Pod": "p"}); got != "p" || len(s.learned.problems) != 0 {
		t.Fatalf("%q, problems %v", got, s.learned.problems)
	}
	s.fill("{{.web}}", text.Facts{"web": "local"})
	if err := (&runner{s: s}).textErr(); err == nil || !strings.Contains(err.Error(), `local fact "web" hides`) {
		t.Errorf("a local fact hiding a learned one: %v", err)
	}
}

// A dry run's command may name only a fact some action before it learns
// (its Plan's Learns): a misspelt or a too early fact is an error of a
// strict dry run.
func TestDryRunNamesLearnedFacts(t *testing.T) {
	const uid Fact[string] = "pod.uid"
	sec := text.Section{Title: "S", Body: "s"}
	words := text.Text{"en": {"s": sec}, "ko": {"s": sec}}
	for _, c := range []struct {
		name string
		do   []Action
		want string
	}{
		{"learned before", []Action{Get("jsonpath={.metadata.uid}", "web").Into(uid), Get("", "web-"+uid.Ref())}, ""},
		{"misspelt", []Action{Get("jsonpath={.metadata.uid}", "web").Into(uid), Get("", "web-"+Fact[string]("pod.uidd").Ref())}, "no action before it learns pod.uidd"},
		{"too early", []Action{Get("", "web-"+uid.Ref()), Get("jsonpath={.metadata.uid}", "web").Into(uid)}, "no action before it learns pod.uid"},
		{"a pattern", []Action{PodProcesses("web", "procs"), OnNode("n", "kill "+ContainerPID("app").Ref())}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := &Lesson{Name: "t", Text: words, Steps: func(Values) []Step { return []Step{{Key: "s", Do: c.do}} }}
			var out bytes.Buffer
			env := runenv.Env{Lang: "en", Images: runenv.Images(nil, func(string) string { return "" }), Clock: clock.RealClock{}}
			s := NewSession(env, l, Config{DryRun: true, Strict: true}, reportTo(report.NewHuman(&out)))
			err := s.Run(context.Background())
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("dry run: %v, want %q\n%s", err, c.want, out.String())
			}
		})
	}
}

// A wait says what it waits for from its Cond's key: the lesson's text,
// else the engine's, filled from the Cond's facts; a key in neither is a
// text problem, not words made up from the key.
func TestCondSays(t *testing.T) {
	l := &Lesson{Name: "t", Text: text.Text{
		"en": {"wait.status": {Body: "STATUS {{.Status}}"}},
		"ko": {"wait.status": {Body: "STATUS 열에 {{.Status}} 표시가 나오기를"}},
	}}
	s := NewSession(runenv.Env{Lang: "ko", Clock: clock.RealClock{}}, l, Config{Strict: true}, reportTo(report.NewHuman(&bytes.Buffer{})))
	say := s.wait().text
	for _, c := range []struct {
		cond Cond
		want string
	}{
		{Ready, "Ready가 되기를"},
		{finished, "실행이 끝나기를"},
		{Cond{Key: "wait.status", Facts: text.Facts{"Status": "Init:1/2"}}, "STATUS 열에 Init:1/2 표시가 나오기를"},
	} {
		if got := say(c.cond.Key, c.cond.Facts); got != c.want {
			t.Errorf("%s: %q, want %q", c.cond.Key, got, c.want)
		}
	}
	if err := (&runner{s: s}).textErr(); err != nil {
		t.Fatal(err)
	}
	if got := say("wait.nope", nil); got != "" {
		t.Errorf("a key in no text says %q", got)
	}
	if err := (&runner{s: s}).textErr(); err == nil || !strings.Contains(err.Error(), `no text "wait.nope"`) {
		t.Errorf("a key in no text: %v", err)
	}
}
