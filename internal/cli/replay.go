package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// ReplayOptions are kpod replay's flags.
type ReplayOptions struct {
	f *Factory

	File  string
	Speed float64
	Step  bool

	cmd *cobra.Command
}

// NewReplayOptions are kpod replay's defaults.
func NewReplayOptions(f *Factory) *ReplayOptions { return &ReplayOptions{f: f, Speed: 1} }

func newCmdReplay(f *Factory, runF func(*ReplayOptions) error) *cobra.Command {
	o := NewReplayOptions(f)
	cmd := &cobra.Command{
		Use:   "replay FILE",
		Short: "Play back a recorded lesson run, with its timing, without a cluster",
		Long: "Plays a lesson run recorded with -o json (or --record FILE) back exactly as it\n" +
			"looked live, with its original timing. It needs no cluster and no kubeconfig:\n" +
			"record the night before, replay in class when the network fails.",
		Example: f.examples("  {{.}} probe --record probe.json\n  {{.}} replay probe.json\n  {{.}} replay probe.json --speed 2\n  {{.}} replay probe.json --step"),
		Args:    oneArg(f, "err.cli.replay.none"),
		RunE:    runE(o, runF),
	}
	o.cmd = cmd
	noOutput(cmd)
	describe(cmd, "replay")
	fs := cmd.Flags()
	fs.Float64Var(&o.Speed, "speed", o.Speed, "play this many times faster (2: twice as fast, 0.5: half as fast)")
	fs.BoolVar(&o.Step, "step", false, "wait for Enter before each step (for teaching)")
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
		return errors.New(o.f.text("ui.replay.speed", text.Facts{"Got": fmt.Sprint(o.Speed)}))
	}
	return nil
}

// Run plays the recording.
func (o *ReplayOptions) Run(ctx context.Context) error {
	f, err := os.Open(o.File)
	if err != nil {
		return errors.New(o.f.text("ui.replay.open", text.Facts{"Got": err.Error()}))
	}
	defer f.Close()
	rec, err := lessons.ReadRecording(f)
	var bad *lessons.RecordingError
	if errors.As(err, &bad) {
		return fmt.Errorf("%s: %s", o.File, bad.In(o.f.Global.Lang))
	}
	if err != nil {
		return err
	}
	return rec.Replay(ctx, lessons.NewHumanTo(o.f.out()), lessons.ReplayOptions{
		Speed: o.Speed, Step: o.Step, In: o.f.Streams.In, Wait: o.f.Wait,
		Lang: o.lang(), Lessons: o.f.lesson,
	})
}

// lesson is the lesson called name, or nil.
func (f *Factory) lesson(name string) *lessons.Lesson {
	for _, l := range f.Lessons {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// lang is the language to say the recording in: the student's, when chosen
// (--lang, or an environment that is not English); else the recording's own.
func (o *ReplayOptions) lang() string {
	if f := o.cmd.Flags().Lookup("lang"); (f != nil && f.Changed) || o.f.Global.Lang != "en" {
		return o.f.Global.Lang
	}
	return ""
}
