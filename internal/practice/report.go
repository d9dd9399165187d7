package practice

import (
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Words are the practice engine's own words, in every language.
var Words = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()

// Reporter shows a practice as it goes: the lessons' records (timeline,
// notes) plus one per task, per check result, hint and diagnosis.
type Reporter interface {
	report.Reporter
	Task(lesson string, n, of int, key, title, body string)
	Check(lesson string, n, of int, key string, r Result, why string)
	Hint(lesson, key string, n, of int, text string)
	Diagnosis(d diagnose.Diagnosis)
}

// Human prints a practice for people.
type Human struct {
	*report.Human
	Lang string
}

func (h *Human) Task(lesson string, n, of int, key, title, body string) {
	h.Step(n, of, key, title, report.Plain(body))
}

func (h *Human) Check(lesson string, n, of int, key string, r Result, why string) {
	if r.OK {
		h.Note(ui.Good, report.Plain(Words.Say(h.Lang, "ui.solved", text.Facts{"Task": key, "N": n, "Of": of})))
		return
	}
	h.Note(ui.Info, report.Plain(Words.Say(h.Lang, "ui.notyet", text.Facts{"Why": why})))
}

func (h *Human) Hint(lesson, key string, n, of int, hint string) {
	label := Words.Say(h.Lang, "ui.hint", text.Facts{"N": n, "Of": of})
	if n == of {
		label = Words.Say(h.Lang, "ui.solution", nil)
	}
	if pod, ok := strings.CutPrefix(key, "pod/"); ok { // a hint of a diagnosis
		label = Words.Say(h.Lang, "ui.pod.hint", text.Facts{"N": n, "Of": of, "Pod": pod})
		if n == of {
			label = Words.Say(h.Lang, "ui.pod.solution", text.Facts{"Pod": pod})
		}
	}
	h.Note(ui.Info, report.Plain(label))
	h.Output(report.Quoted(hint))
}

func (h *Human) Diagnosis(d diagnose.Diagnosis) {
	h.Note(ui.Warn, report.Plain(Words.Say(h.Lang, "ui.diagnosis", text.Facts{"Pod": d.Pod, "Title": d.Title, "Cause": d.Cause})))
}

// JSON prints a practice as one JSON object per line.
type JSON struct {
	*report.JSON
	w     *lockedWriter
	since func() time.Duration
}

// lockedWriter lets two encoders share one stream, one line at a time.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// NewJSON writes NDJSON to w; since gives the time since the practice started.
func NewJSON(w io.Writer, since func() time.Duration) *JSON {
	lw := &lockedWriter{w: w}
	return &JSON{JSON: report.NewJSON(lw, since), w: lw, since: since}
}

func (j *JSON) emit(kind string, m map[string]any) {
	m["type"] = kind
	m["t"] = float64(j.since().Round(time.Millisecond)) / float64(time.Second)
	b, _ := json.Marshal(m)
	_, _ = j.w.Write(append(b, '\n'))
}

func (j *JSON) Task(lesson string, n, of int, key, title, body string) {
	j.emit("task", map[string]any{"lesson": lesson, "task": key, "n": n, "of": of, "title": title})
}

func (j *JSON) Check(lesson string, n, of int, key string, r Result, why string) {
	m := map[string]any{"lesson": lesson, "task": key, "n": n, "of": of, "ok": r.OK}
	if r.Pod != "" {
		m["pod"] = r.Pod
	}
	if r.Why != nil {
		m["why"], m["reason"] = why, r.Why.Key
	}
	j.emit("check", m)
}

func (j *JSON) Hint(lesson, key string, n, of int, text string) {
	j.emit("hint", map[string]any{"lesson": lesson, "task": key, "n": n, "of": of, "text": text})
}

func (j *JSON) Diagnosis(d diagnose.Diagnosis) {
	j.emit("diagnosis", map[string]any{"pod": d.Pod, "case": d.Case, "variant": d.Variant, "container": d.Container,
		"title": d.Title, "text": d.Cause, "hints": len(d.Hints)})
}
