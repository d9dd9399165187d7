package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"k8s.io/utils/clock"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// instant is a fake clock whose timers fire at once, moving it on. It
// adds up the waits asked for.
type instant struct {
	*clocktesting.FakeClock
	waited time.Duration
}

func newInstant() *instant { return &instant{FakeClock: clocktesting.NewFakeClock(time.Now())} }

func (c *instant) NewTimer(d time.Duration) clock.Timer {
	t := c.FakeClock.NewTimer(d)
	c.waited += d
	c.Step(d)
	return t
}

// record writes a small run both ways, as --record does.
func recordRun(t *testing.T, lang string) (human string, rec []byte) {
	var h, j bytes.Buffer
	var now time.Duration
	js := NewJSON(&j, func() time.Duration { now += 250 * time.Millisecond; return now })
	js.Lang = lang
	r := Tee(NewHuman(&h), js)
	r.Lesson("run", "Your first Pod", Plain("An intro\nover two lines."))
	r.Step(1, 2, "create", "Make a Pod", Plain("Body of {{no template}} step one."))
	r.Command("kubectl run web --image=nginx -n kpod")
	r.Output(Quoted("pod/web created\n"))
	r.Event(Annotation{At: 1230 * time.Millisecond, Source: "event", Pod: "web", Reason: "Scheduled", Label: "Scheduled", Text: "placed", Count: 2})
	r.Fact("ip", "10.0.0.1")
	r.Note(ui.Info, Plain(StepPrompt(lang).Text))
	r.Step(2, 2, "clean", "Clean up", Line{})
	r.Manifest("pod.yaml", "kind: Pod\n")
	r.Note(ui.Good, Plain("Removed pod/web."))
	r.Done(true, 3210*time.Millisecond, Plain("Lesson complete"))
	return h.String(), j.Bytes()
}

// A recording replays to exactly what was on screen, with the recording's
// timing and speed.
func TestReplayIsTheLiveOutput(t *testing.T) {
	live, rec := recordRun(t, "en")
	r, err := ReadRecording(bytes.NewReader(rec))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	clk := newInstant()
	err = r.Replay(context.Background(), NewHuman(&out), ReplayOptions{Speed: 2, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != live {
		t.Errorf("replay:\n%s\nlive:\n%s", out.String(), live)
	}
	// The clock moved on by each wait: in all, to the last record's time
	// over the speed.
	last := time.Duration(r.Records[len(r.Records)-1].Head().T * float64(time.Second))
	if want := time.Duration(float64(last) / 2); clk.waited != want {
		t.Errorf("the replay waited %v in all, want %v", clk.waited, want)
	}
}

// --step waits for Enter before each step and prompts itself (a prompt
// recorded with --step is not shown twice).
func TestReplayStep(t *testing.T) {
	_, rec := recordRun(t, "ko")
	r, err := ReadRecording(bytes.NewReader(rec))
	if err != nil {
		t.Fatal(err)
	}
	if r.Lang != "ko" {
		t.Errorf("lang %q", r.Lang)
	}
	pr, pw := io.Pipe()
	var out bytes.Buffer
	done := make(chan error)
	go func() {
		done <- r.Replay(context.Background(), NewHuman(&out), ReplayOptions{Step: true, In: ui.NewLines(context.Background(), pr), Clock: newInstant()})
	}()
	for range 2 {
		if _, err := pw.Write([]byte("\n")); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	prompt := StepPrompt("ko").Text
	if n := strings.Count(out.String(), prompt); n != 2 {
		t.Errorf("%d prompts, want one per step:\n%s", n, out.String())
	}
}

// Ctrl-C while waiting for Enter stops the replay.
func TestReplayStepInterrupted(t *testing.T) {
	_, rec := recordRun(t, "en")
	r, _ := ReadRecording(bytes.NewReader(rec))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pr, _ := io.Pipe()
	if err := r.Replay(ctx, NewHuman(io.Discard), ReplayOptions{Step: true, In: ui.NewLines(ctx, pr), Clock: newInstant()}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}

// A recording that ends with kpod's error record replays as a failure.
func TestReplayRecordedError(t *testing.T) {
	in := `{"type":"lesson","schema":"kpod.dev/v1","t":0,"lesson":"run","title":"x"}
{"type":"error","t":0.5,"error":"the cluster did not answer"}
`
	r, err := ReadRecording(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var failed *ErrRecordedFailure
	if err := r.Replay(context.Background(), NewHuman(io.Discard), ReplayOptions{Clock: newInstant()}); !errors.As(err, &failed) || failed.Message != "the cluster did not answer" {
		t.Errorf("got %v", err)
	}
}

// What is not a recording gets one line that says why, in both languages.
func TestReadRecordingRefuses(t *testing.T) {
	for _, c := range []struct{ name, in, key string }{
		{"empty", "", "err.replay.empty"},
		{"text", "hello\n", "err.replay.notjson"},
		{"no schema", `{"type":"lesson","t":0}` + "\n", "err.replay.notkpod"},
		{"other schema", `{"type":"lesson","schema":"kpod.dev/v2","t":0}` + "\n", "err.replay.schema"},
		{"doctor", `{"check":"cluster","status":"ok"}` + "\n", "err.replay.notjson"},
		{"watch", `{"type":"event","schema":"kpod.dev/v1","t":0}` + "\n", "err.replay.notlesson"},
		{"broken later", `{"type":"lesson","schema":"kpod.dev/v1","t":0}` + "\n{\"type\":\n", "err.replay.notjson"},
	} {
		_, err := ReadRecording(strings.NewReader(c.in))
		if text.Key(err) != c.key {
			t.Errorf("%s: got %v, want %s", c.name, err, c.key)
			continue
		}
		for _, lang := range text.Languages {
			if msg := (text.Scene{Lang: lang}).Tell(err); msg == "" || strings.Contains(msg, "\n") || strings.Contains(msg, "<no value>") {
				t.Errorf("%s in %s: %q is not one line", c.name, lang, msg)
			}
		}
	}
}

// A record is read into the type it is written from: each record of the
// real runs recorded (kpod replay's tests, the offered recordings) written
// again is the same line, byte for byte.
func TestRecordsWriteBackAsRead(t *testing.T) {
	files, _ := filepath.Glob("../cli/testdata/replay/*.json")
	offered, _ := filepath.Glob("../recordings/*.json")
	files = append(files, offered...)
	if len(files) < 2 {
		t.Fatalf("recordings: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := ReadRecording(bytes.NewReader(data))
		if err != nil {
			t.Fatal(f, err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != len(rec.Records) {
			t.Fatalf("%s: %d lines, %d records", f, len(lines), len(rec.Records))
		}
		for i, r := range rec.Records {
			if b, err := json.Marshal(r); err != nil || string(b) != lines[i] {
				t.Errorf("%s:%d written back as\n%s\nwas\n%s", f, i+1, b, lines[i])
			}
		}
	}
}

// Every type of record the stream writes is read back as itself, not as
// the bare header of a type kpod does not know.
func TestEveryRecordTypeReadsBack(t *testing.T) {
	var j bytes.Buffer
	js := NewJSON(&j, func() time.Duration { return time.Second })
	var r Reporter = js
	r.Lesson("run", "Run", Plain("intro"))
	r.Step(1, 1, "create", "Create", Plain("body"))
	r.Command("kubectl get pods")
	r.Output(Quoted("pod/web\n"))
	r.Note(ui.Info, Plain("note"))
	r.Manifest("pod.yaml", "kind: Pod\n")
	r.Fact("ip", "10.0.0.1")
	r.Event(Annotation{Source: "pod", Pod: "web", Reason: "Ready"})
	r.Done(true, time.Second, Plain("done"))
	js.Emit("task", &TaskRecord{Lesson: "run", Task: "web", N: 1, Of: 1, Title: "Run"})
	js.Emit("check", &CheckRecord{Lesson: "run", Task: "web", N: 1, Of: 1, OK: true})
	js.Emit("hint", &HintRecord{Lesson: "run", Task: "web", N: 1, Of: 1, Text: "kubectl run"})
	js.Emit("diagnosis", &DiagnosisRecord{Pod: "web", Case: "crash-loop", Hints: 1})
	js.ErrorOf(errors.New("broke"), "broke")
	j.WriteString(`{"type":"newer","t":2}` + "\n")

	rec, err := ReadRecording(&j)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, x := range rec.Records {
		if _, bare := x.(*Header); bare != (x.Head().Type == "newer") {
			t.Errorf("a %s record is read as %T", x.Head().Type, x)
		}
		types[x.Head().Type] = true
	}
	if len(types) != len(recordTypes)+1 {
		t.Errorf("read %d types of record, want the %d kpod writes and one it does not know", len(types), len(recordTypes))
	}
}

// A recording of an older kpod kept a text's calls, program and namespace
// among its facts: they are read into their own fields.
func TestOldSaidFacts(t *testing.T) {
	old := `{"type":"lesson","schema":"kpod.dev/v1","t":0,"lesson":"run","title":"T","facts":{"kpod":"kubectl kpod","ns":"shop"}}
{"type":"output","t":1,"text":"x on n1","said":[{"text":"on n1","at":2,"key":"k","facts":{"node web":"n1","Mirrors":""}}]}
{"type":"note","t":2,"kind":"info","text":"t","key":"k","facts":{"Name":"web","image web":"nginx","kpod":"kpod"}}
`
	rec, err := ReadRecording(strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	got := []Said{rec.Records[0].(*LessonRecord).Said, rec.Records[1].(*OutputRecord).Said[0].Said, rec.Records[2].(*NoteRecord).Said}
	want := []Said{
		{Facts: text.Facts{}, Program: "kubectl kpod", Namespace: "shop"},
		{Key: "k", Facts: text.Facts{"Mirrors": ""}, Calls: map[string]string{"node web": "n1"}},
		{Key: "k", Facts: text.Facts{"Name": "web"}, Calls: map[string]string{"image web": "nginx"}, Program: "kpod"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
