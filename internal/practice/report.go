package practice

import (
	"embed"
	"io"
	"io/fs"
	"strings"
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
