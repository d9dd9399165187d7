package lessons

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Recording is a lesson run recorded with -o json (or --record), read back
// for kpod replay.
type Recording struct {
	Lang    string
	records []Record
}

// notRecording says why a file is no recording kpod can play: key is one
// of err.replay.*, line the line it stopped at, got what it found there.
func notRecording(key string, line int, got string) error {
	return Words.Err(key, text.Facts{"Line": line, "Got": got, "Want": SchemaVersion})
}

// ReadRecording reads a whole recorded run, and refuses anything that is
// not one of this schema version: not JSON, not kpod's, another version, or
// a stream of another command. It reads everything before playing anything.
func ReadRecording(r io.Reader) (*Recording, error) {
	rec := &Recording{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var h Header
		if err := json.Unmarshal(line, &h); err != nil || h.Type == "" {
			return nil, notRecording("err.replay.notjson", n, "")
		}
		if len(rec.records) == 0 {
			switch {
			case h.Schema == "":
				return nil, notRecording("err.replay.notkpod", n, "")
			case h.Schema != SchemaVersion:
				return nil, notRecording("err.replay.schema", n, h.Schema)
			case h.Type != "lesson":
				return nil, notRecording("err.replay.notlesson", n, h.Type)
			}
		}
		x := newRecord(h.Type)
		if err := json.Unmarshal(line, x); err != nil {
			return nil, notRecording("err.replay.notjson", n, "")
		}
		if l, ok := x.(*LessonRecord); ok && len(rec.records) == 0 {
			rec.Lang = l.Lang
		}
		rec.records = append(rec.records, x)
	}
	if err := sc.Err(); err != nil {
		return nil, notRecording("err.replay.notjson", n+1, "")
	}
	if len(rec.records) == 0 {
		return nil, notRecording("err.replay.empty", 0, "")
	}
	if rec.Lang == "" {
		rec.Lang = "en"
	}
	return rec, nil
}

// newRecord is an empty record of type kind, to decode one into.
func newRecord(kind string) Record {
	switch kind {
	case "lesson":
		return &LessonRecord{}
	case "step":
		return &StepRecord{}
	case "command":
		return &CommandRecord{}
	case "output":
		return &OutputRecord{}
	case "note":
		return &NoteRecord{}
	case "manifest":
		return &ManifestRecord{}
	case "fact":
		return &FactRecord{}
	case "event":
		return &EventRecord{}
	case "done":
		return &DoneRecord{}
	case "error":
		return &ErrorRecord{}
	}
	return &Header{} // a type this kpod does not know: newer, skipped
}

// ReplayOptions say how to play a recording back.
type ReplayOptions struct {
	// Lang is the language to say the texts in; "" keeps the recorded ones.
	Lang string
	// Lessons finds a lesson's texts by its name, for Lang.
	Lessons func(name string) *Lesson

	Speed float64   // 2 plays twice as fast; 0 means 1
	Step  bool      // wait for Enter before each step
	In    *ui.Lines // Enter, with Step
	// Clock times the records (nil: the real clock). Tests pass one whose
	// waits end at once.
	Clock clock.Clock
}

// ErrRecordedFailure is what Replay returns for a recording that ends in
// kpod's error record: the recorded run failed, and so does its replay.
type ErrRecordedFailure struct{ Message string }

func (e *ErrRecordedFailure) Error() string { return e.Message }

// Replay plays a recording to rep with its original timing: each record
// when it was written, relative to the start.
func (rec *Recording) Replay(ctx context.Context, rep Reporter, o ReplayOptions) error {
	speed := o.Speed
	if speed <= 0 {
		speed = 1
	}
	clk := o.Clock
	if clk == nil {
		clk = clock.RealClock{}
	}
	lang := rec.Lang
	if o.Lang != "" {
		lang = o.Lang
	}
	prompt := Words.Get(lang, "ui.step.prompt").Body
	recorded := Words.Get(rec.Lang, "ui.step.prompt").Body
	origin := clk.Now()  // the time of the recording's start
	var at time.Duration // the recording's clock: never goes back
	for _, r := range rec.Said(o.Lang, o.Lessons) {
		if t := time.Duration(r.Head().T * float64(time.Second)); t > at {
			at = t
		}
		due := time.Duration(float64(at) / speed)
		note, _ := r.(*NoteRecord)
		_, step := r.(*StepRecord)
		switch {
		case o.Step && note != nil && (note.Text == prompt || note.Text == recorded):
			continue // recorded with --step: this replay prompts itself
		case o.Step && step:
			rep.Note(ui.Info, Plain(prompt))
			if _, err := o.In.Line(ctx); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			origin = clk.Now().Add(-due) // the step starts now
		default:
			if d := origin.Add(due).Sub(clk.Now()); d > 0 {
				if err := sleep(ctx, clk, d); err != nil {
					return err
				}
			}
		}
		if err := rec.play(rep, r); err != nil {
			return err
		}
	}
	return nil
}

func (rec *Recording) play(rep Reporter, x Record) error {
	secs := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	switch r := x.(type) {
	case *LessonRecord:
		rep.Lesson(r.Lesson, r.Title, Plain(r.Intro))
	case *StepRecord:
		rep.Step(r.Step, r.Of, r.Key, r.Title, Plain(r.Body))
	case *CommandRecord:
		rep.Command(r.Command)
	case *OutputRecord:
		rep.Output(Output{Text: r.Text, Said: r.Said})
	case *ManifestRecord:
		rep.Manifest(r.File, r.YAML)
	case *NoteRecord:
		rep.Note(r.Kind, Plain(r.Text))
	case *FactRecord:
		rep.Fact(r.Key, r.Value)
	case *EventRecord:
		rep.Event(Annotation{At: secs(r.T), Seconds: r.T, Source: r.Source, Pod: r.Pod, Container: r.Container,
			Reason: r.Reason, Label: r.Label, Text: r.Text, Message: r.Message, Count: r.Count})
	case *DoneRecord:
		rep.Done(r.OK, secs(r.Seconds), Plain(r.Text))
	case *ErrorRecord:
		return &ErrRecordedFailure{Message: strings.TrimSpace(r.Error)}
	}
	return nil // a record type this kpod does not know: newer, skipped
}

// sleep waits on clk for d, or until ctx ends.
func sleep(ctx context.Context, clk clock.Clock, d time.Duration) error {
	t := clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// cellPad is how many spaces after a text pad it to the next column of a
// table (Columns): two or more, then more of the same line; else 0. A text
// said again in another language changes width, and its padding with it,
// so that the columns after it stay where they were.
func cellPad(after string) int {
	n := len(after) - len(strings.TrimLeft(after, " "))
	if n < 2 || n == len(after) || after[n] == '\n' {
		return 0
	}
	return n
}

// Said is the recording's records, each text said again in lang from its
// message key and facts: the lesson's title and intro, step titles and
// bodies, notes, timeline lines, the closing line and the error. A text
// recorded without a key (the cluster's words), or whose key or facts do
// not make a whole text, keeps the recorded words. lang "" or the
// recording's own keeps every text. lessons finds a lesson's texts by name.
// The terminal replay plays these records; an HTML page can write them.
func (rec *Recording) Said(lang string, lessons func(name string) *Lesson) []Record {
	out := append([]Record(nil), rec.records...)
	if lang == "" || lang == rec.Lang {
		return out
	}
	var words text.Text
	facts := text.Facts{} // the run's facts so far, from its fact records
	say := func(body string, local text.Facts) (string, bool) {
		all := text.Facts{}
		for k, v := range facts {
			all[k] = v
		}
		for k, v := range local {
			all[k] = v
		}
		res, missing, err := text.Render(body, replayScene(lang, local).Funcs(), all)
		return res, err == nil && len(missing) == 0 && body != ""
	}
	section := func(key string) (text.Section, bool) {
		if sec, ok := words.Lookup(lang, key); ok {
			return sec, true
		}
		return engineSection(lang, key)
	}
	for i, x := range out {
		switch r := x.(type) {
		case *FactRecord:
			facts[r.Key] = r.Value
		case *LessonRecord:
			c := *r
			if lessons != nil {
				if l := lessons(r.Lesson); l != nil {
					words = l.Text
					c.Title = l.Title(lang)
					if t, ok := r.In[lang]; ok {
						c.Intro = t
					} else if r.Intro != "" {
						if t, ok := say(words.Get(lang, "intro").Body, r.Facts); ok {
							c.Intro = t
						}
					}
				}
			}
			c.Lang = lang
			out[i] = &c
		case *StepRecord:
			c := *r
			if sec, ok := words.Lookup(lang, r.Key); ok {
				c.Title = sec.Title
				if t, ok := say(sec.Body, r.Facts); ok || sec.Body == "" {
					c.Body = t
				}
			}
			if t, ok := r.In[lang]; ok {
				c.Body = t
			}
			out[i] = &c
		case *NoteRecord:
			c := *r
			if t, ok := r.In[lang]; ok {
				c.Text = t
			} else if sec, ok := section(r.Key); ok && r.Key != "" {
				if t, ok := say(sec.Body, r.Facts); ok {
					c.Text = t
				}
			}
			out[i] = &c
		case *OutputRecord:
			var b strings.Builder
			var said []SaidPiece // the pieces as said again, at their new places
			last := 0
			for _, p := range (Output{Text: r.Text, Said: r.Said}).placed() {
				t, ok := p.In[lang]
				if !ok {
					if sec, found := section(p.Key); found && p.Key != "" {
						t, ok = say(sec.Body, p.Facts)
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
			if said != nil {
				c := *r
				c.Text, c.Said = b.String()+r.Text[last:], said
				out[i] = &c
			}
		case *EventRecord:
			base := strings.TrimSuffix(r.Key, ".again")
			if title, ok := Words.Lookup(lang, base); ok && r.Key != "" {
				body, _ := Words.Lookup(lang, r.Key)
				f := timelineFacts(r.Facts)
				l, ok1 := say(title.Title, f)
				t, ok2 := say(body.Body, f)
				if ok1 && ok2 {
					c := *r
					c.Label, c.Text = l, t
					out[i] = &c
				}
			}
		case *DoneRecord:
			c := *r
			if t, ok := r.In[lang]; ok {
				c.Text = t
			} else if sec, ok := Words.Lookup(lang, r.Key); ok && r.Key != "" {
				c.Text = sec.Title
			}
			out[i] = &c
		case *ErrorRecord:
			if r.Facts != nil {
				if t := errorWords(words).Say(lang, r.Code, r.Facts); t != r.Code {
					c := *r
					c.Error = t
					out[i] = &c
				}
			}
		}
	}
	return out
}
