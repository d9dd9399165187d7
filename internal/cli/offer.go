package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// canOffer reports whether kpod may offer the lesson's recording: there is
// one, and someone at a terminal to answer (not -o json, not --no-replay,
// not a dry run).
func (o *LessonOptions) canOffer() bool {
	_, err := fs.Stat(o.inv.recordings(), o.Lesson.Name+".json")
	return err == nil && !o.NoReplay && !o.DryRun && !o.inv.json() && o.inv.Streams.OutTTY
}

// offer says why the lesson cannot reach the nodes, in one line, then
// offers the recording of a real run and plays it, marked as a recording
// from start to end, in the student's language. The command still fails:
// the lesson did not run here.
func (o *LessonOptions) offer(ctx context.Context, why error) error {
	inv := o.inv
	lang := inv.Global.Lang
	failed := inv.tellError(why)
	fmt.Fprint(inv.Streams.Out, Messages.Say(lang, "ui.replay.offer", text.Facts{"Lesson": o.Lesson.Name})+" ")
	answer, _ := bufio.NewReader(inv.Streams.In).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "" && a != "y" && a != "yes" && a != "예" && a != "네" {
		return failed
	}
	data, err := fs.ReadFile(inv.recordings(), o.Lesson.Name+".json")
	if err != nil {
		return err
	}
	rec, err := lessons.ReadRecording(bytes.NewReader(data))
	if err != nil {
		return err
	}
	p := inv.out()
	p.Line(ui.Info, Messages.Say(lang, "ui.replay.start", text.Facts{"Lesson": o.Lesson.Name}))
	err = rec.Replay(ctx, lessons.NewHumanTo(p), lessons.ReplayOptions{Lang: lang, Lessons: inv.lesson, Wait: inv.Wait, In: inv.Streams.In})
	p.Line(ui.Info, Messages.Say(lang, "ui.replay.end", text.Facts{"Lesson": o.Lesson.Name}))
	if err != nil {
		return err
	}
	return failed
}
