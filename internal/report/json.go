package report

import (
	"encoding/json"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// SchemaVersion names the version of the -o json stream (docs/json.md). It
// is in the first record. Keys never change within a version; texts do
// (they follow --lang).
const SchemaVersion = "kpod.dev/v1"

// Header starts every record of the stream.
type Header struct {
	Type   string  `json:"type"`
	Schema string  `json:"schema,omitempty"` // the first record only
	T      float64 `json:"t"`                // seconds since the lesson (or the watched Pod) started
	Step   int     `json:"step,omitempty"`   // the step it belongs to, from 1
}

// Head returns the header of a record; every record type embeds it.
func (h *Header) Head() *Header { return h }

// Record is one record of the lesson stream, as its type is written and
// read: a *LessonRecord, *StepRecord, *CommandRecord, *OutputRecord,
// *NoteRecord, *ManifestRecord, *FactRecord, *EventRecord, *DoneRecord or
// *ErrorRecord, and in a practice a *TaskRecord, *CheckRecord, *HintRecord
// or *DiagnosisRecord; a record of a type this kpod does not know is its
// *Header.
type Record interface{ Head() *Header }

// The records of the stream, one per type. A record of a text kpod says
// embeds what the text was made from (Said), so that kpod replay can say it
// again in another language.
type (
	LessonRecord struct {
		Header
		Lesson string `json:"lesson"`
		Title  string `json:"title"`
		Intro  string `json:"intro,omitempty"` // for kpod replay
		Lang   string `json:"lang,omitempty"`
		Said          // the intro's (its key is "intro", not written)
	}
	StepRecord struct {
		Header
		Of    int    `json:"of"`
		Key   string `json:"key"` // the step's, which is its body's text key too
		Title string `json:"title"`
		Body  string `json:"body,omitempty"` // for kpod replay
		Said         // the body's
	}
	CommandRecord struct {
		Header
		Command string `json:"command"`
	}
	OutputRecord struct {
		Header
		Text string `json:"text"`
		// Said are the texts kpod said inside Text, in their order there,
		// each at its byte offset; the rest of Text is quoted output.
		Said []SaidPiece `json:"said,omitempty"`
	}
	NoteRecord struct {
		Header
		Kind ui.Mark `json:"kind"` // info, warn or good
		Text string  `json:"text"`
		Said
	}
	ManifestRecord struct {
		Header
		File string `json:"file"`
		YAML string `json:"yaml"`
	}
	FactRecord struct {
		Header
		Key   string `json:"key"`
		Value any    `json:"value"`
	}
	EventRecord struct {
		Header
		Source    string `json:"source"` // "event" or "pod"
		Pod       string `json:"pod"`
		Container string `json:"container,omitempty"`
		Reason    string `json:"reason"`
		Label     string `json:"label"`
		Text      string `json:"text"`
		Message   string `json:"message,omitempty"`
		Count     int32  `json:"count,omitempty"`
		// ResourceVersion of the Pod or Event the line tells.
		ResourceVersion string `json:"resourceVersion,omitempty"`
		Said                   // of label and text
	}
	DoneRecord struct {
		Header
		OK             bool           `json:"ok"`
		Seconds        float64        `json:"seconds"`
		Text           string         `json:"text"`
		Said                          // the text's (its message key is its title's)
		Requests       *int           `json:"requests,omitempty"`         // API requests kpod made
		RequestsByVerb map[string]int `json:"requests_by_verb,omitempty"` // the same, by verb
	}
	ErrorRecord struct {
		Header
		Error string `json:"error"`
		// Code is the stable key of the message (err.cli.nopod.looked...),
		// or codeInternal when kpod has none for it.
		Code string `json:"code"`
		// Facts fill the message of Code (Said), its cause as Err.
		Facts text.Facts `json:"facts,omitempty"`
	}
)

// The records a practice adds to the stream (internal/practice writes them).
type (
	TaskRecord struct {
		Header
		Lesson string `json:"lesson"`
		Task   string `json:"task"` // the task's key
		N      int    `json:"n"`
		Of     int    `json:"of"`
		Title  string `json:"title"`
	}
	CheckRecord struct {
		Header
		Lesson string `json:"lesson"`
		Task   string `json:"task"`
		N      int    `json:"n"`
		Of     int    `json:"of"`
		OK     bool   `json:"ok"`
		Pod    string `json:"pod,omitempty"`    // the Pod the check looked at
		Why    string `json:"why,omitempty"`    // why the task does not hold yet
		Reason string `json:"reason,omitempty"` // the stable key of Why
	}
	HintRecord struct {
		Header
		Lesson string `json:"lesson"`
		Task   string `json:"task"` // or pod/NAME, for a hint of a diagnosis
		N      int    `json:"n"`
		Of     int    `json:"of"` // the last hint is the solution
		Text   string `json:"text"`
	}
	DiagnosisRecord struct {
		Header
		Pod       string `json:"pod"`
		Case      string `json:"case"`
		Variant   string `json:"variant"`
		Container string `json:"container"`
		Title     string `json:"title"`
		Text      string `json:"text"`  // the cause
		Hints     int    `json:"hints"` // how many
	}
)

// JSON prints one object per line (NDJSON) for scripts and graders.
type JSON struct {
	// Lang, when set, is written in the lesson record (kpod replay reads it).
	Lang string
	// Requests, when set, puts the API requests made into the done record.
	Requests *kube.Requests

	mu  sync.Mutex
	enc *json.Encoder
	now func() time.Duration
	n   int
	any bool // a record was written
}

// NewJSON writes NDJSON to w; since gives the time since the lesson started.
func NewJSON(w io.Writer, since func() time.Duration) *JSON {
	return &JSON{enc: json.NewEncoder(w), now: since}
}

// Emit fills the header of rec and writes it as a record of type kind, one
// line at a time: a Reporter's records, and those a practice adds.
func (j *JSON) Emit(kind string, rec Record) {
	j.mu.Lock()
	defer j.mu.Unlock()
	h := rec.Head()
	h.Type = kind
	if !j.any {
		h.Schema = SchemaVersion
		j.any = true
	}
	if h.T == 0 && kind != "event" { // an event carries its own time
		h.T = round(j.now())
	}
	if j.n > 0 && kind != "lesson" {
		h.Step = j.n
	}
	_ = j.enc.Encode(rec)
}

func round(d time.Duration) float64 { return float64(d.Round(time.Millisecond)) / float64(time.Second) }

func (j *JSON) Lesson(name, title string, intro Line) {
	said := intro.Said
	said.Key = "" // always "intro"
	r := &LessonRecord{Lesson: name, Title: title, Intro: intro.Text, Lang: j.Lang, Said: said}
	j.Emit("lesson", r)
}

func (j *JSON) Step(n, of int, key, title string, body Line) {
	j.mu.Lock()
	j.n = n
	j.mu.Unlock()
	r := &StepRecord{Of: of, Key: key, Title: title, Body: body.Text, Said: body.Said}
	j.Emit("step", r)
}

func (j *JSON) Command(cmd string) {
	r := &CommandRecord{Command: cmd}
	j.Emit("command", r)
}

func (j *JSON) Output(o Output) {
	r := &OutputRecord{Text: o.Text, Said: o.Said}
	j.Emit("output", r)
}

func (j *JSON) Note(kind ui.Mark, l Line) {
	r := &NoteRecord{Kind: kind, Text: l.Text, Said: l.Said}
	j.Emit("note", r)
}

func (j *JSON) Manifest(file, yaml string) {
	r := &ManifestRecord{File: file, YAML: yaml}
	j.Emit("manifest", r)
}

func (j *JSON) Fact(key string, value any) {
	r := &FactRecord{Key: key, Value: value}
	j.Emit("fact", r)
}

func (j *JSON) Waiting(string) func() { return func() {} }

func (j *JSON) Event(a Annotation) {
	r := &EventRecord{Header: Header{T: round(a.At)}, Source: a.Source, Pod: a.Pod, Container: a.Container,
		Reason: a.Reason, Label: a.Label, Text: a.Text, Message: a.Message, Count: a.Count, ResourceVersion: a.ResourceVersion, Said: Said{Key: a.Key, Facts: a.Facts}}
	j.Emit("event", r)
}

func (j *JSON) Done(ok bool, elapsed time.Duration, title Line) {
	r := &DoneRecord{OK: ok, Seconds: round(elapsed), Text: title.Text, Said: title.Said}
	if j.Requests != nil {
		n := j.Requests.Total()
		r.Requests, r.RequestsByVerb = &n, j.Requests.Counts()
	}
	j.Emit("done", r)
}

// codeInternal is the code of an error record whose error has no message
// key of its own.
const codeInternal = "kpod.internal"

// ErrorCode returns the stable code of err for an error record: the message
// key of the text.Error behind it, or codeInternal.
func ErrorCode(err error) string {
	if k := text.Key(err); k != "" {
		return k
	}
	return codeInternal
}

// ErrorOf writes the error record of err, told as msg (NewErrorRecord).
func (j *JSON) ErrorOf(err error, msg string) {
	r := NewErrorRecord(err, msg)
	r.Header = Header{} // Emit says the schema on the stream's first record only
	j.Emit("error", r)
}

// NewErrorRecord returns the error record of err, told as msg: its code and
// the facts of its message, so that replay can tell it in another language.
func NewErrorRecord(err error, msg string) *ErrorRecord {
	return &ErrorRecord{Header: Header{Type: "error", Schema: SchemaVersion}, Error: msg, Code: ErrorCode(err), Facts: errorFacts(err)}
}

// errorFacts returns an error's message facts for its record, with its cause
// told in English as the fact Err; nil for an error without a message key.
func errorFacts(err error) text.Facts {
	var e *text.Error
	if !errors.As(err, &e) || e.Key == "" {
		return nil
	}
	f := text.Facts{}
	for k, v := range e.Facts {
		if ev, ok := v.(error); ok {
			v = text.Scene{}.Tell(ev)
		}
		f[k] = v
	}
	if e.Err != nil {
		f["Err"] = text.Scene{}.Tell(e.Err)
	}
	return f
}
