package practice

import (
	"io"
	"strings"
	"time"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Reporter shows a practice as it goes: the lessons' records (timeline,
// notes) plus the practice's own. A task is told as task n of of of a
// lesson, by its key.
type Reporter interface {
	report.Reporter
	// Task shows a task: its title, and the body people read.
	Task(lesson string, n, of int, key, title, body string)
	// Check tells whether the task holds, and if not why: r.Why told in
	// the practice's language.
	Check(lesson string, n, of int, key string, r Result, why string)
	// Hint shows hint n of of, the last being the solution; key is the
	// task's, or pod/NAME for a hint of a diagnosis of Pod NAME.
	Hint(lesson, key string, n, of int, text string)
	// Diagnosis tells what is wrong with one of the student's Pods.
	Diagnosis(d diagnose.Diagnosis)
}

// Human prints a practice for people: a task as a step, the rest as notes.
type Human struct {
	*report.Human
	Scene text.Scene // the student's language, and kpod as they run it
}

func (h *Human) Task(lesson string, n, of int, key, title, body string) {
	h.Step(n, of, key, title, report.Plain(body))
}

func (h *Human) Check(lesson string, n, of int, key string, r Result, why string) {
	if r.OK {
		h.Note(ui.Good, line(h.Scene, "ui.solved", text.Facts{"Task": key, "N": n, "Of": of}))
		return
	}
	var because any = why
	if r.Why != nil { // told again in each language a line keeps
		because = r.Why.err()
	}
	h.Note(ui.Info, line(h.Scene, "ui.notyet", text.Facts{"Why": because}))
}

func (h *Human) Hint(lesson, key string, n, of int, hint string) {
	var label report.Line
	pod, ofPod := strings.CutPrefix(key, "pod/")
	switch {
	case ofPod && n == of:
		label = line(h.Scene, "ui.pod.solution", text.Facts{"Pod": pod})
	case ofPod:
		label = line(h.Scene, "ui.pod.hint", text.Facts{"N": n, "Of": of, "Pod": pod})
	case n == of:
		label = line(h.Scene, "ui.solution", nil)
	default:
		label = line(h.Scene, "ui.hint", text.Facts{"N": n, "Of": of})
	}
	h.Note(ui.Info, label)
	h.Output(report.Quoted(hint))
}

func (h *Human) Diagnosis(d diagnose.Diagnosis) {
	h.Note(ui.Warn, line(h.Scene, "ui.diagnosis", text.Facts{"Pod": d.Pod, "Title": d.Title, "Cause": d.Cause}))
}

// JSON prints a practice as one JSON object per line: the lesson stream's
// records and the practice's own (report.TaskRecord...).
type JSON struct{ *report.JSON }

// NewJSON writes NDJSON to w; since gives the time since the practice started.
func NewJSON(w io.Writer, since func() time.Duration) *JSON {
	return &JSON{report.NewJSON(w, since)}
}

func (j *JSON) Task(lesson string, n, of int, key, title, body string) {
	j.Emit("task", &report.TaskRecord{Lesson: lesson, Task: key, N: n, Of: of, Title: title})
}

func (j *JSON) Check(lesson string, n, of int, key string, r Result, why string) {
	rec := &report.CheckRecord{Lesson: lesson, Task: key, N: n, Of: of, OK: r.OK, Pod: r.Pod}
	if r.Why != nil {
		rec.Why, rec.Reason = why, r.Why.Key
	}
	j.Emit("check", rec)
}

func (j *JSON) Hint(lesson, key string, n, of int, text string) {
	j.Emit("hint", &report.HintRecord{Lesson: lesson, Task: key, N: n, Of: of, Text: text})
}

func (j *JSON) Diagnosis(d diagnose.Diagnosis) {
	j.Emit("diagnosis", &report.DiagnosisRecord{Pod: d.Pod, Case: d.Case, Variant: d.Variant, Container: d.Container,
		Title: d.Title, Text: d.Cause, Hints: len(d.Hints)})
}
