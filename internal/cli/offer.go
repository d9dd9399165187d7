package cli

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// canOffer reports whether kpod may offer the lesson's recording: there is
// one, and someone at a terminal to answer (not -o json, not --no-replay,
// not a dry run).
func (o *LessonOptions) canOffer() bool {
	_, err := fs.Stat(o.inv.Recordings, o.Lesson.Name+".json")
	return err == nil && !o.NoReplay && !o.DryRun && !o.inv.json() && o.inv.Streams.OutTTY
}

// offerError is a lesson's refusal of the nodes where kpod may offer the
// recording of a real run instead: execute prints the error, then makes
// the offer.
type offerError struct {
	error
	lesson string // the name of the lesson whose recording is offered
}

func (e *offerError) Unwrap() error { return e.error }

// offer offers the recording of a real run of lesson and plays it, marked
// as a recording from start to end, in the student's language.
func (inv *invocation) offer(ctx context.Context, lesson string) error {
	fmt.Fprint(inv.Streams.Out, inv.say("ui.replay.offer", text.Facts{"Lesson": lesson})+" ")
	answer, _ := inv.in.Line(ctx)
	if !yes(answer, true) {
		return nil
	}
	data, err := fs.ReadFile(inv.Recordings, lesson+".json")
	if err != nil {
		return err
	}
	rec, err := report.ReadRecording(bytes.NewReader(data))
	if err != nil {
		return err
	}
	p := inv.outPrinter()
	p.Line(ui.Info, inv.say("ui.replay.start", text.Facts{"Lesson": lesson}))
	err = replay.SayAgain(rec, inv.lang(), inv.lesson).Replay(ctx, report.NewHumanTo(p), report.ReplayOptions{Clock: inv.Clock, In: inv.in})
	p.Line(ui.Info, inv.say("ui.replay.end", text.Facts{"Lesson": lesson}))
	return err
}

// yes reports whether answer, a line typed after a [y/n] question, says
// yes in any of kpod's languages (ui.answer.yes); an empty answer is def.
func yes(answer string, def bool) bool {
	a := strings.ToLower(strings.TrimSpace(answer))
	if a == "" {
		return def
	}
	for _, lang := range text.Languages {
		// the raw body: a list of words to match, not a message to say
		for _, w := range strings.Split(words.Get(lang, "ui.answer.yes").Body, ",") {
			if a == strings.TrimSpace(w) {
				return true
			}
		}
	}
	return false
}
