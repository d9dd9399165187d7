package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kpod-dev/kpod/internal/ui"
)

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

// Command shows cmd to be copied: it breaks only between shell words, each
// broken line ending in ` \` (ui.WrapCommand), and paints each line alone, so
// no style runs past a line's ` \`.
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
	out, said := o.Text, o.Placed()
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
	at, lbl := fmt.Sprintf("%7s", At(a.At)), fmt.Sprintf("%-16s", label)
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

// At formats a time on the lesson's clock as kpod shows it: +1.5s, +1m05s, or
// -3.8s before the lesson began.
func At(d time.Duration) string {
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
