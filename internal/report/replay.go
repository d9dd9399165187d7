package report

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
	Lang    string // the language its texts are in
	Records []Record
}

// notRecording says why a file is no recording kpod can play: key is one
// of err.replay.*, line the line it stopped at, got what it found there.
func notRecording(key string, line int, got string) error {
	return words.Err(key, text.Facts{"Line": line, "Got": got, "Want": SchemaVersion})
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
		if len(rec.Records) == 0 {
			switch {
			case h.Schema == "":
				return nil, notRecording("err.replay.notkpod", n, "")
			case h.Schema != SchemaVersion:
				return nil, notRecording("err.replay.schema", n, h.Schema)
			case h.Type != "lesson":
				return nil, notRecording("err.replay.notlesson", n, h.Type)
			}
		}
		var x Record = new(Header) // a type this kpod does not know: newer, skipped
		if empty, ok := recordTypes[h.Type]; ok {
			x = empty()
		}
		if err := json.Unmarshal(line, x); err != nil {
			return nil, notRecording("err.replay.notjson", n, "")
		}
		if r, ok := x.(interface{ said() *Said }); ok {
			r.said().fromFacts()
		}
		if r, ok := x.(*OutputRecord); ok {
			for i := range r.Said {
				r.Said[i].fromFacts()
			}
		}
		if l, ok := x.(*LessonRecord); ok && len(rec.Records) == 0 {
			rec.Lang = l.Lang
		}
		rec.Records = append(rec.Records, x)
	}
	if err := sc.Err(); err != nil {
		return nil, notRecording("err.replay.notjson", n+1, "")
	}
	if len(rec.Records) == 0 {
		return nil, notRecording("err.replay.empty", 0, "")
	}
	if rec.Lang == "" {
		rec.Lang = "en"
	}
	return rec, nil
}

// recordTypes make an empty record of each type the stream writes, by the
// name it is written as, to decode one into.
var recordTypes = map[string]func() Record{
	"lesson":   func() Record { return new(LessonRecord) },
	"step":     func() Record { return new(StepRecord) },
	"command":  func() Record { return new(CommandRecord) },
	"output":   func() Record { return new(OutputRecord) },
	"note":     func() Record { return new(NoteRecord) },
	"manifest": func() Record { return new(ManifestRecord) },
	"fact":     func() Record { return new(FactRecord) },
	"event":    func() Record { return new(EventRecord) },
	"done":     func() Record { return new(DoneRecord) },
	"error":    func() Record { return new(ErrorRecord) },

	"task":      func() Record { return new(TaskRecord) },
	"check":     func() Record { return new(CheckRecord) },
	"hint":      func() Record { return new(HintRecord) },
	"diagnosis": func() Record { return new(DiagnosisRecord) },
}

// ReplayOptions say how to play a recording back.
type ReplayOptions struct {
	Speed float64   // 2 plays twice as fast; 0 means 1
	Step  bool      // wait for Enter before each step
	In    *ui.Lines // Enter, with Step
	// Clock times the records (required). Tests pass one whose waits end
	// at once.
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
	origin := clk.Now()  // the time of the recording's start
	var at time.Duration // the recording's clock: never goes back
	for _, r := range rec.Records {
		if t := time.Duration(r.Head().T * float64(time.Second)); t > at {
			at = t
		}
		due := time.Duration(float64(at) / speed)
		note, _ := r.(*NoteRecord)
		_, step := r.(*StepRecord)
		switch {
		case o.Step && note != nil && isPrompt(note):
			continue // recorded with --step: this replay prompts itself
		case o.Step && step:
			rep.Note(ui.Info, StepPrompt(rec.Lang))
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
		if err := Play(rep, r); err != nil {
			return err
		}
	}
	return nil
}

// isPrompt reports whether a note is the step prompt, which a run noted
// with --step: by its key, or by its words in any language.
func isPrompt(n *NoteRecord) bool {
	for _, lang := range text.Languages {
		if n.Text == StepPrompt(lang).Text {
			return true
		}
	}
	return n.Key == stepPrompt
}

// Play tells rep one record, as Replay does at its time, without waiting:
// for a reader that keeps each record's own time (t), such as the replay's
// web page. A recorded failure is an *ErrRecordedFailure.
func Play(rep Reporter, x Record) error {
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
