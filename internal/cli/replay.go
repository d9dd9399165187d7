package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/page"
	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// ReplayOptions are kpod replay's flags.
type ReplayOptions struct {
	inv *invocation

	File  string
	Speed float64
	Step  bool
	HTML  bool
}

// newReplayOptions are kpod replay's defaults.
func newReplayOptions(inv *invocation) *ReplayOptions { return &ReplayOptions{inv: inv, Speed: 1} }

func newCmdReplay(inv *invocation) *cobra.Command {
	o := newReplayOptions(inv)
	cmd := &cobra.Command{
		Use:  "replay FILE",
		Args: oneArg("err.cli.replay.none"),
		RunE: runE(o),
	}
	noOutput(cmd)
	describe(cmd, "replay", inv.Name)
	fs := cmd.Flags()
	addFlag(fs, &o.Speed, "speed", "", "flag.speed")
	addFlag(fs, &o.Step, "step", "", "flag.step")
	addFlag(fs, &o.HTML, "html", "", "flag.html")
	return cmd
}

// Complete takes the file to play.
func (o *ReplayOptions) Complete(args []string) error {
	o.File = args[0]
	return nil
}

// Validate checks the speed.
func (o *ReplayOptions) Validate() error {
	if o.Speed <= 0 {
		return words.Err("err.cli.replay.speed", text.Facts{"Got": fmt.Sprint(o.Speed)})
	}
	if o.HTML && o.Step {
		return page.ErrStep()
	}
	return nil
}

// Run plays the recording.
func (o *ReplayOptions) Run(ctx context.Context) error {
	f, err := os.Open(o.File)
	if err != nil {
		return words.Err("err.cli.replay.open", text.Facts{"Got": err.Error()})
	}
	defer f.Close()
	rec, err := report.ReadRecording(f)
	if err != nil {
		return fmt.Errorf("%s: %w", o.File, err)
	}
	if o.HTML {
		return page.Write(ctx, o.inv.Streams.Out, rec, page.Options{Lang: o.lang(), Speed: o.Speed, Lessons: o.inv.lesson})
	}
	rec = replay.SayAgain(rec, o.lang(), o.inv.lesson)
	return rec.Replay(ctx, report.NewHumanTo(o.inv.outPrinter()), report.ReplayOptions{Speed: o.Speed, Step: o.Step, In: o.inv.in, Clock: o.inv.Clock})
}

// lang is the language to say the recording in: the student's, when chosen
// (--lang, or an environment that is not English); else the recording's own.
func (o *ReplayOptions) lang() string {
	if o.inv.langChosen() {
		return o.inv.lang()
	}
	return ""
}
