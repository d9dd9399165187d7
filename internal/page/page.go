// Package page writes a recorded lesson as one web page: the steps, the
// commands, the outputs and drawings, the timeline's annotations with
// their times, playable step by step and at speed. The page is
// self-contained: its CSS and script are inline, it loads nothing.
package page

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed en.md ko.md
var files embed.FS

// words are the page's texts and its error.
var words = text.MustLoad(files)

//go:embed page.html
var pageHTML string

var tpl = template.Must(template.New("page").Funcs(template.FuncMap{"prose": prose}).Parse(pageHTML))

// Item is one thing the lesson showed, in the order and at the time it
// showed it.
type Item struct {
	Kind  string  // lesson, note, step, command, output, manifest, event, done, error
	T     float64 // seconds since the start
	Step  int     // the step it belongs to; 0 before the first
	N, Of int     // a step's number and the number of steps
	Title string
	Text  string
	File  string // a manifest's
	Mark  string // a note's or done's: info, warn, good, ok, fail
	At    string // an event's time, as the terminal shows it (+1.2s)
	Label string // an event's
	Who   string // an event's pod/NAME [container]
	Warn  bool   // an event that tells of trouble
}

// Page is what the template reads.
type Page struct {
	Lang, Lesson, Title string
	Steps               int
	Speed               float64 // the speed it starts at
	Items               []Item
	Words               map[string]string
}

// Items plays rec's records through the replay's own Reporter calls, at
// once, and returns what they showed, each at its record's time (t, on
// the recording's clock, which never goes back), said in o.Lang ("" keeps
// the recorded texts). A recorded failure ends the items with an error
// item.
func Items(ctx context.Context, rec *report.Recording, o Options) ([]Item, error) {
	c := &collector{}
	for _, r := range replay.SayAgain(rec, o.Lang, o.Lessons).Records {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c.t = max(c.t, r.Head().T)
		var failed *report.ErrRecordedFailure
		switch err := report.Play(c, r); {
		case errors.As(err, &failed):
			c.add(Item{Kind: "error", Text: failed.Message})
			return c.items, nil
		case err != nil:
			return nil, err
		}
	}
	return c.items, nil
}

// Options say how the page reads and plays.
type Options struct {
	Lang    string                            // of the page and its texts; "" is the recording's
	Speed   float64                           // it plays at first; 0 is 1
	Lessons func(name string) *lessons.Lesson // finds a lesson's texts, to say them in Lang
}

// Write writes the page of rec.
func Write(ctx context.Context, w io.Writer, rec *report.Recording, o Options) error {
	items, err := Items(ctx, rec, o)
	if err != nil {
		return err
	}
	lang := o.Lang
	if lang == "" {
		lang = rec.Lang
	}
	p := Page{Lang: lang, Speed: max(o.Speed, 0), Items: items, Words: map[string]string{}}
	if p.Speed == 0 {
		p.Speed = 1
	}
	for _, it := range items {
		switch it.Kind {
		case "lesson":
			p.Lesson, p.Title = it.Label, it.Title
		case "step":
			p.Steps = it.Of
		}
	}
	sc := text.Scene{Lang: lang}
	for name, key := range pageWords {
		p.Words[name] = sc.Say(words, key, nil)
	}
	// the script fills in {n} and {of}
	p.Words["step"] = sc.Say(words, "page.step", text.Facts{"N": "{n}", "Of": "{of}"})
	return tpl.Execute(w, p)
}

// pageWords are the page's own words, by the name the template reads.
var pageWords = map[string]string{
	"play": "page.play", "pause": "page.pause", "next": "page.next", "all": "page.all", "restart": "page.restart",
	"speed": "page.speed", "start": "page.start", "recorded": "page.recorded",
}

// ErrStep refuses --step with --html.
func ErrStep() error { return words.Err("page.err.step", nil) }

// collector is a Reporter that keeps what it is told.
type collector struct {
	items []Item
	t     float64
	step  int
}

func (c *collector) add(it Item) {
	it.T, it.Step = c.t, c.step
	c.items = append(c.items, it)
}

func (c *collector) Lesson(name, title string, intro report.Line) {
	c.add(Item{Kind: "lesson", Label: name, Title: title, Text: intro.Text})
}

func (c *collector) Step(n, of int, _, title string, body report.Line) {
	c.step = n
	c.add(Item{Kind: "step", N: n, Of: of, Title: title, Text: body.Text})
}

func (c *collector) Command(cmd string) { c.add(Item{Kind: "command", Text: cmd}) }

func (c *collector) Output(o report.Output) {
	if strings.TrimSpace(o.Text) != "" {
		c.add(Item{Kind: "output", Text: strings.TrimRight(ansi.Strip(o.Text), "\n")})
	}
}

func (c *collector) Manifest(file, yaml string) {
	c.add(Item{Kind: "manifest", File: file, Text: strings.TrimRight(yaml, "\n")})
}

func (c *collector) Event(a report.Annotation) {
	label := a.Label
	if a.Count > 1 {
		label += fmt.Sprintf(" ×%d", a.Count)
	}
	who := "pod/" + a.Pod
	if a.Container != "" {
		who += " [" + a.Container + "]"
	}
	c.add(Item{Kind: "event", At: report.At(a.At), Label: label, Who: who, Text: a.Text, Warn: report.Trouble(a.Reason)})
}

func (c *collector) Note(kind ui.Mark, l report.Line) {
	c.add(Item{Kind: "note", Mark: string(kind), Text: l.Text})
}

func (c *collector) Fact(string, any) {}

func (c *collector) Waiting(string) func() { return func() {} }

func (c *collector) Done(ok bool, elapsed time.Duration, title report.Line) {
	mark := "ok"
	if !ok {
		mark = "fail"
	}
	c.add(Item{Kind: "done", Mark: mark, Text: fmt.Sprintf("%s (%s)", title.Text, elapsed.Round(100*time.Millisecond))})
}

// prose is a text as kpod writes it: paragraphs split by blank lines,
// "- " lines as a list, `code` in backticks.
func prose(s string) template.HTML {
	var b strings.Builder
	inline := func(s string) {
		for i, part := range strings.Split(s, "`") {
			esc := template.HTMLEscapeString(part)
			if i%2 == 1 {
				esc = "<code>" + esc + "</code>"
			}
			b.WriteString(esc)
		}
	}
	for _, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		var words, items []string
		flush := func() {
			if len(words) > 0 {
				b.WriteString("<p>")
				inline(strings.Join(words, " "))
				b.WriteString("</p>")
			}
			if len(items) > 0 {
				b.WriteString("<ul>")
				for _, it := range items {
					b.WriteString("<li>")
					inline(it)
					b.WriteString("</li>")
				}
				b.WriteString("</ul>")
			}
			words, items = nil, nil
		}
		for _, l := range strings.Split(para, "\n") {
			item, isItem := strings.CutPrefix(strings.TrimSpace(l), "- ")
			switch {
			case isItem:
				if len(words) > 0 {
					flush()
				}
				items = append(items, item)
			case len(items) > 0 && strings.HasPrefix(l, "  "): // an item goes on
				items[len(items)-1] += " " + strings.TrimSpace(l)
			default:
				if len(items) > 0 {
					flush()
				}
				words = append(words, strings.TrimSpace(l))
			}
		}
		flush()
	}
	return template.HTML(b.String())
}
