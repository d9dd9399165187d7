package lessons

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Annotation is one line of the live timeline: something Kubernetes did.
type Annotation struct {
	At        time.Duration `json:"-"`
	Seconds   float64       `json:"t"`
	Source    string        `json:"source"` // "event" or "pod"
	Pod       string        `json:"pod"`
	Container string        `json:"container,omitempty"`
	Reason    string        `json:"reason"`
	Label     string        `json:"label"`
	Text      string        `json:"text"`
	Message   string        `json:"message,omitempty"` // the raw event message
	Count     int32         `json:"count,omitempty"`
	Key       string        `json:"-"` // the message key of Label and Text (Said)
	Facts     text.Facts    `json:"-"` // and what filled them
	// ResourceVersion is the Pod's (source pod) or the Event's, as the
	// watch delivered the change this line tells.
	ResourceVersion string `json:"resourceVersion,omitempty"`
}

// Reporter shows a lesson as it runs: to people, or as NDJSON to programs.
type Reporter interface {
	Lesson(name, title string, intro Line)
	Step(n, of int, key, title string, body Line)
	Command(cmd string)
	// Output is what an action showed: a command's output, with the texts
	// kpod said inside it.
	Output(o Output)
	Manifest(file, yaml string)
	Event(a Annotation)
	Note(kind ui.Mark, l Line)
	Fact(key string, value any)
	Waiting(what string) (done func())
	Done(ok bool, elapsed time.Duration, title Line)
}

// Human prints for people, styled or plain, through one ui.Printer.
type Human struct {
	p *ui.Printer
}

// NewHuman prints to w plain and unwrapped (for tests and golden files).
func NewHuman(w io.Writer) *Human { return &Human{p: ui.Unwrapped(w)} }

// NewHumanTo prints through p.
func NewHumanTo(p *ui.Printer) *Human { return &Human{p: p} }

func (h *Human) print(s string) { h.p.Print(s) }

// wrap fits a line to the printer's width.
func (h *Human) wrap(s string, first int, indent string) string {
	return ui.Wrap(s, h.p.Width, first, indent)
}

// prose reflows a text broken by hand and wraps it to the printer's width.
func (h *Human) prose(s string) string {
	if h.p.Width <= 0 {
		return s
	}
	return ui.WrapProse(ui.Reflow(s), h.p.Width)
}

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func (h *Human) Lesson(name, title string, intro Line) {
	t := h.p.Theme
	s := t.Title(h.wrap("kpod "+name+" · "+title, 0, "  ")) + "\n"
	if intro.Text != "" {
		s += "\n" + h.prose(intro.Text) + "\n"
	}
	h.print(s)
}

func (h *Human) Step(n, of int, key, title string, body Line) {
	s := "\n" + h.p.Theme.Heading(h.wrap(fmt.Sprintf("[%d/%d] %s", n, of, title), 0, "      ")) + "\n"
	if body.Text != "" {
		s += h.prose(body.Text) + "\n"
	}
	h.print(s)
}

// Command is there to be copied: it breaks only between shell words, each
// broken line ending in ` \` (ui.WrapCommand), and each line is painted
// alone, so no style runs past a line's ` \`.
func (h *Human) Command(cmd string) {
	lines := strings.Split(ui.WrapCommand(cmd, h.p.Width, "  ", "$ "), "\n")
	for i, l := range lines {
		lines[i] = h.p.Theme.Command(l)
	}
	h.print("\n" + strings.Join(lines, "\n") + "\n")
}

// Output keeps quoted output as it is; kpod's own words in it wrap to the
// width, as its notes do (wrapSaid).
func (h *Human) Output(o Output) {
	if strings.TrimSpace(o.Text) == "" {
		return
	}
	h.print(indent(h.p.Theme.Output(strings.TrimRight(h.wrapSaid(o), "\n")), "  "))
}

// wrapSaid reflows and wraps, to the printer's width less the output's
// indent of two, each run of lines of o that only kpod's texts fill
// and that has a line too wide. A comment line ("# ...") and a line with
// a gap of two spaces inside (a table's, a formula's) stay as they are,
// and so does a drawing (a text said with In).
func (h *Human) wrapSaid(o Output) string {
	out, said := o.Text, o.placed()
	width := h.p.Width - 2
	if width <= 0 || len(said) == 0 {
		return out
	}
	ours := make([]bool, len(out))
	for _, p := range said {
		for i := p.At; i < p.At+len(p.Text) && p.In == nil; i++ {
			ours[i] = true
		}
	}
	lines := strings.Split(out, "\n")
	var b []string
	var run []string
	flush := func() {
		text := strings.Join(run, "\n")
		for _, l := range run {
			if ui.Width(l) > width {
				text = ui.Wrap(ui.Reflow(text), width, 0, "")
				break
			}
		}
		if len(run) > 0 {
			b = append(b, text)
		}
		run = nil
	}
	at := 0
	for _, l := range lines {
		body := strings.TrimLeft(l, " ")
		mine := body != "" && !strings.HasPrefix(body, "#") && !strings.Contains(body, "  ")
		for j := range len(l) {
			mine = mine && (ours[at+j] || l[j] == ' ')
		}
		at += len(l) + 1
		if mine {
			run = append(run, l)
			continue
		}
		flush()
		b = append(b, l)
	}
	flush()
	return strings.Join(b, "\n")
}

func (h *Human) Manifest(file, yaml string) {
	t := h.p.Theme
	h.print("\n  " + t.Subtle("# "+file) + "\n" + indent(t.Output(strings.TrimRight(yaml, "\n")), "  "))
}

// eventIndent is where an event's continuation lines start: under its label.
const eventIndent = "          "

func (h *Human) Event(a Annotation) {
	t := h.p.Theme
	label := a.Label
	if a.Count > 1 {
		label += fmt.Sprintf(" ×%d", a.Count)
	}
	paint := t.Label
	if Trouble(a.Reason) {
		paint = t.Warn
	}
	who := "pod/" + a.Pod
	if a.Container != "" {
		who += " [" + a.Container + "]"
	}
	at, lbl := fmt.Sprintf("%7s", fmtAt(a.At)), fmt.Sprintf("%-16s", label)
	first := 2 + len(at) + 1 + ui.Width(lbl) + 1 + ui.Width(who) + 1
	h.print(fmt.Sprintf("  %s %s %s %s\n", t.Time(at), paint(lbl), t.Subtle(who), h.wrap(a.Text, first, eventIndent)))
}

// Trouble reports whether an event of reason tells of trouble: the
// terminal paints it as a warning, and the replay page does too.
func Trouble(reason string) bool { return trouble[reason] }

var trouble = map[string]bool{
	"Unhealthy": true, "BackOff": true, "Failed": true, "FailedScheduling": true, "Killing": true,
	"OOMKilled": true, "Terminated": true, "NotReady": true, "CrashLoopBackOff": true,
}

// fmtAt is a time on the lesson's clock: +1.5s, +1m05s, -3.8s before it
// began.
func fmtAt(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	if d < time.Minute {
		return fmt.Sprintf("%s%.1fs", sign, d.Seconds())
	}
	return fmt.Sprintf("%s%dm%02ds", sign, int(d.Minutes()), int(d.Seconds())%60)
}

func (h *Human) Note(kind ui.Mark, l Line) { h.p.Line(kind, l.Text) }

func (h *Human) Fact(string, any) {}

func (h *Human) Waiting(what string) func() { return h.p.Spin(what) }

func (h *Human) Done(ok bool, elapsed time.Duration, title Line) {
	mark := ui.OK
	if !ok {
		mark = ui.Fail
	}
	line := fmt.Sprintf("%s (%s)", title.Text, elapsed.Round(100*time.Millisecond))
	h.print("\n" + h.p.Theme.Mark(mark) + " " + h.wrap(line, 2, "  ") + "\n")
}

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

// Head is the header of a record, which every record type embeds.
func (h *Header) Head() *Header { return h }

// Record is one record of the lesson stream, as its type is written and
// read: a *LessonRecord, *StepRecord, *CommandRecord, *OutputRecord,
// *NoteRecord, *ManifestRecord, *FactRecord, *EventRecord, *DoneRecord or
// *ErrorRecord; a record of a type this kpod does not know is its *Header.
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

// emit fills the header of rec (h points into it) and writes it.
func (j *JSON) emit(h *Header, kind string, rec any) {
	j.mu.Lock()
	defer j.mu.Unlock()
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
	j.emit(&r.Header, "lesson", r)
}

func (j *JSON) Step(n, of int, key, title string, body Line) {
	j.mu.Lock()
	j.n = n
	j.mu.Unlock()
	r := &StepRecord{Of: of, Key: key, Title: title, Body: body.Text, Said: body.Said}
	j.emit(&r.Header, "step", r)
}

func (j *JSON) Command(cmd string) {
	r := &CommandRecord{Command: cmd}
	j.emit(&r.Header, "command", r)
}

func (j *JSON) Output(o Output) {
	r := &OutputRecord{Text: o.Text, Said: o.Said}
	j.emit(&r.Header, "output", r)
}

func (j *JSON) Note(kind ui.Mark, l Line) {
	r := &NoteRecord{Kind: kind, Text: l.Text, Said: l.Said}
	j.emit(&r.Header, "note", r)
}

func (j *JSON) Manifest(file, yaml string) {
	r := &ManifestRecord{File: file, YAML: yaml}
	j.emit(&r.Header, "manifest", r)
}

func (j *JSON) Fact(key string, value any) {
	r := &FactRecord{Key: key, Value: value}
	j.emit(&r.Header, "fact", r)
}

func (j *JSON) Waiting(string) func() { return func() {} }

func (j *JSON) Event(a Annotation) {
	r := &EventRecord{Header: Header{T: round(a.At)}, Source: a.Source, Pod: a.Pod, Container: a.Container,
		Reason: a.Reason, Label: a.Label, Text: a.Text, Message: a.Message, Count: a.Count, ResourceVersion: a.ResourceVersion, Said: Said{Key: a.Key, Facts: a.Facts}}
	j.emit(&r.Header, "event", r)
}

func (j *JSON) Done(ok bool, elapsed time.Duration, title Line) {
	r := &DoneRecord{OK: ok, Seconds: round(elapsed), Text: title.Text, Said: title.Said}
	if j.Requests != nil {
		n := j.Requests.Total()
		r.Requests, r.RequestsByVerb = &n, j.Requests.Counts()
	}
	j.emit(&r.Header, "done", r)
}

// codeInternal is the code of an error record whose error has no message
// key of its own.
const codeInternal = "kpod.internal"

// ErrorCode is the stable code of err for an error record: the message key
// of the text.Error behind it, or codeInternal.
func ErrorCode(err error) string {
	if k := text.Key(err); k != "" {
		return k
	}
	return codeInternal
}

// ErrorOf writes the error record of err, told as msg (NewErrorRecord).
func (j *JSON) ErrorOf(err error, msg string) {
	r := NewErrorRecord(err, msg)
	r.Header = Header{} // emit says the schema on the stream's first record only
	j.emit(&r.Header, "error", r)
}

// NewErrorRecord is the error record of err, told as msg: its code and the
// facts of its message, so that replay can tell it in another language.
func NewErrorRecord(err error, msg string) *ErrorRecord {
	return &ErrorRecord{Header: Header{Type: "error", Schema: SchemaVersion}, Error: msg, Code: ErrorCode(err), Facts: errorFacts(err)}
}
