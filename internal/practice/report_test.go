package practice_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// practiceRecords writes one record of each kind a practice adds, after
// its lesson record, and returns the stream.
func practiceRecords() *bytes.Buffer {
	var out bytes.Buffer
	j := practice.NewJSON(&out, func() time.Duration { return 1500 * time.Millisecond })
	j.Lesson("practice run", "Run a Pod", report.Line{})
	j.Task("run", 1, 2, "web", "Run a web server", "the body is not written")
	j.Check("run", 1, 2, "web", practice.Result{Pod: "web", Why: &practice.Why{Key: "port"}}, "it listens on 80")
	j.Check("run", 1, 2, "web", practice.Result{OK: true}, "")
	j.Hint("run", "pod/web", 1, 2, "kubectl logs web")
	j.Diagnosis(diagnose.Diagnosis{Pod: "web", Case: "crash-loop", Title: "Crash loop", Cause: "It exits.", Hints: []string{"a", "b"}})
	return &out
}

// A practice's records keep the keys and values docs/json.md gives them.
func TestJSONRecords(t *testing.T) {
	want := []map[string]any{
		{"type": "lesson", "schema": report.SchemaVersion, "t": 1.5, "lesson": "practice run", "title": "Run a Pod"},
		{"type": "task", "t": 1.5, "lesson": "run", "task": "web", "n": 1.0, "of": 2.0, "title": "Run a web server"},
		{"type": "check", "t": 1.5, "lesson": "run", "task": "web", "n": 1.0, "of": 2.0, "ok": false, "pod": "web", "why": "it listens on 80", "reason": "port"},
		{"type": "check", "t": 1.5, "lesson": "run", "task": "web", "n": 1.0, "of": 2.0, "ok": true},
		{"type": "hint", "t": 1.5, "lesson": "run", "task": "pod/web", "n": 1.0, "of": 2.0, "text": "kubectl logs web"},
		{"type": "diagnosis", "t": 1.5, "pod": "web", "case": "crash-loop", "variant": "", "container": "", "title": "Crash loop", "text": "It exits.", "hints": 2.0},
	}
	var got []map[string]any
	sc := bufio.NewScanner(practiceRecords())
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", sc.Bytes(), err)
		}
		got = append(got, m)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n%v\nwant:\n%v", got, want)
	}
}

// A practice's records read back through report's table, each as its own
// type.
func TestJSONRecordsReadBack(t *testing.T) {
	rec, err := report.ReadRecording(practiceRecords())
	if err != nil {
		t.Fatal(err)
	}
	head := func(kind string) report.Header { return report.Header{Type: kind, T: 1.5} }
	want := []report.Record{
		&report.LessonRecord{Header: report.Header{Type: "lesson", Schema: report.SchemaVersion, T: 1.5}, Lesson: "practice run", Title: "Run a Pod"},
		&report.TaskRecord{Header: head("task"), Lesson: "run", Task: "web", N: 1, Of: 2, Title: "Run a web server"},
		&report.CheckRecord{Header: head("check"), Lesson: "run", Task: "web", N: 1, Of: 2, Pod: "web", Why: "it listens on 80", Reason: "port"},
		&report.CheckRecord{Header: head("check"), Lesson: "run", Task: "web", N: 1, Of: 2, OK: true},
		&report.HintRecord{Header: head("hint"), Lesson: "run", Task: "pod/web", N: 1, Of: 2, Text: "kubectl logs web"},
		&report.DiagnosisRecord{Header: head("diagnosis"), Pod: "web", Case: "crash-loop", Title: "Crash loop", Text: "It exits.", Hints: 2},
	}
	if !reflect.DeepEqual(rec.Records, want) {
		for i, r := range rec.Records {
			t.Errorf("%d: %#v", i, r)
		}
	}
}

// A hint is labelled by what it is: of a task or of a diagnosed Pod, and
// the last one the solution.
func TestHumanHintLabels(t *testing.T) {
	for _, c := range []struct {
		key   string
		n     int
		label string
	}{
		{"web", 1, "Hint 1/2:"},
		{"web", 2, "Solution:"},
		{"pod/web", 1, "Hint 1/2 for pod/web:"},
		{"pod/web", 2, "How to fix pod/web:"},
	} {
		var out bytes.Buffer
		h := &practice.Human{Human: report.NewHuman(&out), Scene: text.Scene{Lang: "en"}}
		h.Hint("run", c.key, c.n, 2, "kubectl logs web")
		if !strings.Contains(out.String(), c.label) || !strings.Contains(out.String(), "kubectl logs web") {
			t.Errorf("hint %d of %s: %q, want %q and the hint", c.n, c.key, out.String(), c.label)
		}
	}
}

// A practice's lines keep their key and facts in a recording, and their
// words in every language: a replay in Korean says practice's own words
// (not the engine's, whose keys some share: ui.dryrun.done).
func TestLinesKeepTheirKey(t *testing.T) {
	set, ok := findSet("probe")
	if !ok {
		t.Fatal("no practice probe")
	}
	s := &practice.Coach{Env: runenv.Env{Lang: "en", Namespace: pt.Namespace, Images: pt.Images, Clock: clock.RealClock{}}, Set: set}
	var out bytes.Buffer
	s.Report = practice.NewJSON(&out, s.Since)
	if err := s.DryRun(); err != nil {
		t.Fatal(err)
	}
	rec, err := report.ReadRecording(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	ko := practice.Words().Get("ko", "ui.dryrun.done").Title
	var keys []string
	for _, r := range replay.SayAgain(rec, "ko", nil).Records {
		switch r := r.(type) {
		case *report.NoteRecord:
			keys = append(keys, r.Key)
			if r.Key == "ui.setup.dryrun" && (r.Facts["Namespace"] != pt.Namespace || !strings.Contains(r.Text, "kpod-practice")) {
				t.Errorf("setup note said again: %q, facts %v", r.Text, r.Facts)
			}
		case *report.DoneRecord:
			if r.Key != "ui.dryrun.done" || r.Text != ko {
				t.Errorf("done said again in ko: key %q, %q, want %q", r.Key, r.Text, ko)
			}
		}
	}
	if !slices.Contains(keys, "ui.dryrun") || !slices.Contains(keys, "ui.setup.dryrun") {
		t.Errorf("notes' keys: %v", keys)
	}
}

// A text filled from the World names kpod as the student runs it.
func TestWorldFillsTheProgram(t *testing.T) {
	w := &practice.World{Namespace: "ns", Scene: text.Scene{Program: "kubectl kpod"}}
	if got := w.Fill("{{kpod}} practice run -n {{ns}}"); got != "kubectl kpod practice run -n ns" {
		t.Errorf("got %q", got)
	}
}
