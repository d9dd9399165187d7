package lessons

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/pkg/kube"
	"github.com/kpod-dev/kpod/pkg/ui"
)

// Note kinds.
const (
	NoteInfo = "info"
	NoteWarn = "warn"
	NoteGood = "good"
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
}

// Reporter shows a lesson as it runs: to people, or as NDJSON to programs.
type Reporter interface {
	Lesson(name, title, intro string)
	Step(n, of int, key, title, body string)
	Command(cmd string)
	Output(text string)
	Manifest(file, yaml string)
	Event(a Annotation)
	Note(kind, text string)
	Fact(key string, value any)
	Waiting(what string) (done func())
	Done(ok bool, elapsed time.Duration, text string)
}

// Human prints for people, styled or plain.
type Human struct {
	mu      sync.Mutex
	w       io.Writer
	t       ui.Theme
	spin    bool
	spinner *spinner
}

// NewHuman prints to w; smart enables colour and the spinner.
func NewHuman(w io.Writer, smart bool) *Human {
	h := &Human{w: w, t: ui.Plain(), spin: smart}
	if smart {
		h.t = ui.Styled()
	}
	return h
}

func (h *Human) print(s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.spinner != nil {
		h.spinner.clear()
	}
	fmt.Fprint(h.w, s)
	if h.spinner != nil {
		h.spinner.draw()
	}
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

func (h *Human) Lesson(name, title, intro string) {
	s := h.t.Title("kpod "+name+" · "+title) + "\n"
	if intro != "" {
		s += "\n" + intro + "\n"
	}
	h.print(s)
}

func (h *Human) Step(n, of int, key, title, body string) {
	s := "\n" + h.t.Heading(fmt.Sprintf("[%d/%d] %s", n, of, title)) + "\n"
	if body != "" {
		s += body + "\n"
	}
	h.print(s)
}

func (h *Human) Command(cmd string) { h.print("\n  " + h.t.Command("$ "+cmd) + "\n") }

func (h *Human) Output(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	h.print(indent(h.t.Output(strings.TrimRight(text, "\n")), "  "))
}

func (h *Human) Manifest(file, yaml string) {
	h.print("\n  " + h.t.Subtle("# "+file) + "\n" + indent(h.t.Output(strings.TrimRight(yaml, "\n")), "  "))
}

func (h *Human) Event(a Annotation) {
	label := a.Label
	if a.Count > 1 {
		label += fmt.Sprintf(" ×%d", a.Count)
	}
	paint := h.t.Label
	switch a.Reason {
	case "Unhealthy", "BackOff", "Failed", "FailedScheduling", "Killing", "OOMKilled", "Terminated", "NotReady", "CrashLoopBackOff":
		paint = h.t.Warn
	}
	who := "pod/" + a.Pod
	if a.Container != "" {
		who += " [" + a.Container + "]"
	}
	h.print(fmt.Sprintf("  %s %s %s %s\n", h.t.Time(fmt.Sprintf("%7s", fmtAt(a.At))), paint(fmt.Sprintf("%-16s", label)), h.t.Subtle(who), a.Text))
}

func fmtAt(d time.Duration) string {
	if d < 0 {
		return "-" + fmtAt(-d)
	}
	if d < time.Minute {
		return fmt.Sprintf("+%.1fs", d.Seconds())
	}
	return fmt.Sprintf("+%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

func (h *Human) Note(kind, text string) {
	paint := h.t.Subtle
	mark := "·"
	switch kind {
	case NoteWarn:
		paint, mark = h.t.Warn, "!"
	case NoteGood:
		paint, mark = h.t.Good, "✓"
	}
	h.print("  " + paint(mark) + " " + text + "\n")
}

func (h *Human) Fact(string, any) {}

func (h *Human) Waiting(what string) func() {
	if !h.spin {
		return func() {}
	}
	h.mu.Lock()
	sp := newSpinner(h.w, what, &h.mu)
	h.spinner = sp
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		sp.stop()
		if h.spinner == sp {
			h.spinner = nil
		}
	}
}

func (h *Human) Done(ok bool, elapsed time.Duration, text string) {
	mark := h.t.Good("✓")
	if !ok {
		mark = h.t.Bad("✗")
	}
	h.print(fmt.Sprintf("\n%s %s (%s)\n", mark, text, elapsed.Round(100*time.Millisecond)))
}

// JSON prints one object per line (NDJSON) for scripts and graders.
type JSON struct {
	// Requests, when set, puts the API requests made into the done record.
	Requests *kube.Requests

	mu  sync.Mutex
	enc *json.Encoder
	now func() time.Duration
	n   int
}

// NewJSON writes NDJSON to w; since gives the time since the lesson started.
func NewJSON(w io.Writer, since func() time.Duration) *JSON {
	return &JSON{enc: json.NewEncoder(w), now: since}
}

func (j *JSON) emit(kind string, fields map[string]any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fields["type"] = kind
	if _, ok := fields["t"]; !ok {
		fields["t"] = round(j.now())
	}
	if j.n > 0 && kind != "lesson" {
		fields["step"] = j.n
	}
	_ = j.enc.Encode(fields)
}

func round(d time.Duration) float64 { return float64(d.Round(time.Millisecond)) / float64(time.Second) }

func (j *JSON) Lesson(name, title, intro string) {
	j.emit("lesson", map[string]any{"lesson": name, "title": title})
}

func (j *JSON) Step(n, of int, key, title, body string) {
	j.mu.Lock()
	j.n = n
	j.mu.Unlock()
	j.emit("step", map[string]any{"of": of, "key": key, "title": title})
}

func (j *JSON) Command(cmd string)  { j.emit("command", map[string]any{"command": cmd}) }
func (j *JSON) Output(text string)  { j.emit("output", map[string]any{"text": text}) }
func (j *JSON) Note(kind, t string) { j.emit("note", map[string]any{"kind": kind, "text": t}) }
func (j *JSON) Manifest(file, yaml string) {
	j.emit("manifest", map[string]any{"file": file, "yaml": yaml})
}
func (j *JSON) Fact(key string, value any) {
	j.emit("fact", map[string]any{"key": key, "value": value})
}
func (j *JSON) Waiting(string) func() { return func() {} }

func (j *JSON) Event(a Annotation) {
	a.Seconds = round(a.At)
	b, _ := json.Marshal(a)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	j.emit("event", m)
}

func (j *JSON) Done(ok bool, elapsed time.Duration, text string) {
	fields := map[string]any{"ok": ok, "seconds": round(elapsed), "text": text}
	if j.Requests != nil {
		fields["requests"] = j.Requests.Total()
		fields["requests_by_verb"] = j.Requests.Counts()
	}
	j.emit("done", fields)
}
