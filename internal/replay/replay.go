// Package replay says a recorded run again in another language: each text
// from its message key and facts, in today's words (SayAgain). The run
// itself is played by report.Recording.Replay, or written as a page.
package replay

import (
	"strings"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
	"github.com/kpod-dev/kpod/internal/ui"
)

// words are where a replay finds the key of a recorded line or error of a
// run of a lesson with texts lesson (nil when none is known): the lesson's
// and the engine's words, then those of the packages whose notes a run
// says (the way to the nodes) or whose errors it records (the report,
// kube, node, kind). A run says its own lines from Lesson.Sources only.
// TestWordsCoverRun fails for a package with words that is neither here
// nor said why not.
func words(lesson text.Text) text.Texts {
	return text.Texts{lesson, lessons.Words(), nodeway.Words(), report.Words(), kube.Words(), node.Words(), kind.Words()}
}

// SayAgain is rec with each text said again in lang from its message key
// and facts: the lesson's title and intro, step titles and bodies, notes,
// timeline lines, the closing line and the error. A text recorded without a
// key (the cluster's words), or whose key or facts do not make a whole
// text, keeps the recorded words. lang "" or the recording's own keeps
// every text. lessonNamed finds a lesson by name. The terminal replay
// plays the records said again; an HTML page can write them.
func SayAgain(rec *report.Recording, lang string, lessonNamed func(name string) *lessons.Lesson) *report.Recording {
	if lang == "" || lang == rec.Lang {
		return rec
	}
	out := append([]report.Record(nil), rec.Records...)
	a := &sayer{lang: lang, facts: text.Facts{}}
	for i, x := range out {
		switch r := x.(type) {
		case *report.FactRecord:
			a.facts[r.Key] = r.Value
		case *report.LessonRecord:
			c := *r
			if lessonNamed != nil {
				if l := lessonNamed(r.Lesson); l != nil {
					a.lesson = l.Text
					c.Title = l.Title(lang)
					if t, ok := r.In[lang]; ok {
						c.Intro = t
					} else if r.Intro != "" {
						if t, ok := a.say(l.Text.Get(lang, "intro").Body, r.Said); ok {
							c.Intro = t
						}
					}
				}
			}
			c.Lang = lang
			out[i] = &c
		case *report.StepRecord:
			c := *r
			if sec, ok := a.lesson.Lookup(lang, r.Key); ok {
				c.Title = sec.Title
				if t, ok := a.say(sec.Body, r.Said); ok || sec.Body == "" {
					c.Body = t
				}
			}
			if t, ok := r.In[lang]; ok {
				c.Body = t
			}
			out[i] = &c
		case *report.NoteRecord:
			c := *r
			if t, ok := r.In[lang]; ok {
				c.Text = t
			} else if sec, ok := a.section(r.Key); ok && r.Key != "" {
				if t, ok := a.say(sec.Body, r.Said); ok {
					c.Text = t
				}
			}
			out[i] = &c
		case *report.OutputRecord:
			if c := a.output(r); c != nil {
				out[i] = c
			}
		case *report.EventRecord:
			if l, t, ok := timeline.SayAgain(lang, r.Key, r.Facts); ok {
				c := *r
				c.Label, c.Text = l, t
				out[i] = &c
			}
		case *report.DoneRecord:
			c := *r
			if t, ok := r.In[lang]; ok {
				c.Text = t
			} else if sec, ok := a.section(r.Key); ok && r.Key != "" {
				c.Text = sec.Title
			}
			out[i] = &c
		case *report.ErrorRecord:
			if r.Facts != nil {
				if t := (text.Scene{Lang: lang}).Say(words(a.lesson), r.Code, r.Facts); t != r.Code {
					c := *r
					c.Error = t
					out[i] = &c
				}
			}
		}
	}
	return &report.Recording{Lang: lang, Records: out}
}

// sayer says a recording's texts again in lang, record by record: lesson
// is the lesson's own words once its record names it, facts the run's
// facts so far, from its fact records.
type sayer struct {
	lang   string
	lesson text.Text
	facts  text.Facts
}

// say is body filled from the run's facts and said's, with the functions
// of a text said again; ok only when it makes a whole text.
func (a *sayer) say(body string, said report.Said) (string, bool) {
	all := text.Facts{}
	for k, v := range a.facts {
		all[k] = v
	}
	for k, v := range said.Facts {
		all[k] = v
	}
	res, missing, err := text.Render(body, lessons.ReplayFuncs(a.lang, said), all)
	return res, err == nil && len(missing) == 0 && body != ""
}

// section finds key in the words a run may have recorded it from.
func (a *sayer) section(key string) (text.Section, bool) { return words(a.lesson).Lookup(a.lang, key) }

// output is r with the texts kpod said in it said again, the quoted
// output around them kept and a table's columns lined up again; nil when
// kpod said nothing in it.
func (a *sayer) output(r *report.OutputRecord) *report.OutputRecord {
	var b strings.Builder
	var said []report.SaidPiece // the pieces as said again, at their new places
	last := 0
	for _, p := range (report.Output{Text: r.Text, Said: r.Said}).Placed() {
		t, ok := p.In[a.lang]
		if !ok {
			if sec, found := a.section(p.Key); found && p.Key != "" {
				t, ok = a.say(sec.Body, p.Said)
			}
		}
		if !ok {
			t = p.Text
		}
		last = min(last, p.At) // a cell's padding ends where a text starts
		b.WriteString(r.Text[last:p.At])
		again := p
		again.Text, again.At = t, b.Len()
		said = append(said, again)
		b.WriteString(t)
		last = p.At + len(p.Text)
		if pad := cellPad(r.Text[last:]); pad > 0 && t != p.Text {
			b.WriteString(strings.Repeat(" ", max(pad+ui.Width(p.Text)-ui.Width(t), min(pad, 3))))
			last += pad
		}
	}
	if said == nil {
		return nil
	}
	c := *r
	c.Text, c.Said = b.String()+r.Text[last:], said
	return &c
}

// cellPad is how many spaces after a text pad it to the next column of a
// table (kube.Columns): two or more, then more of the same line; else 0. A text
// said again in another language changes width, and its padding with it,
// so that the columns after it stay where they were.
func cellPad(after string) int {
	n := len(after) - len(strings.TrimLeft(after, " "))
	if n < 2 || n == len(after) || after[n] == '\n' {
		return 0
	}
	return n
}
