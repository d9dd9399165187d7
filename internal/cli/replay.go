package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// ReplayOptions are kpod replay's flags.
type ReplayOptions struct {
	Speed float64
	Step  bool
}

func (a *App) replayCmd() *cobra.Command {
	o := &ReplayOptions{}
	cmd := &cobra.Command{
		Use:   "replay FILE",
		Short: "Play back a recorded lesson run, with its timing, without a cluster",
		Long: "Plays a lesson run recorded with -o json (or --record FILE) back exactly as it\n" +
			"looked live, with its original timing. It needs no cluster and no kubeconfig:\n" +
			"record the night before, replay in class when the network fails.",
		Example: a.examples("  {{.}} probe --record probe.json\n  {{.}} replay probe.json\n  {{.}} replay probe.json --speed 2\n  {{.}} replay probe.json --step"),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.replay(cmd, args[0], o)
		},
	}
	noOutput(cmd)
	say(cmd, "기록해 둔 실습 실행을 클러스터 없이 원래 시간 간격 그대로 재생",
		"-o json(또는 --record 파일)으로 기록해 둔 실습 실행을 실제로 실행했을 때와 똑같이,\n"+
			"원래 시간 간격 그대로 다시 보여 줍니다. 클러스터도 kubeconfig도 필요 없습니다.\n"+
			"수업 전날 기록해 두고, 수업 중 네트워크가 안 될 때 재생하세요.")
	f := cmd.Flags()
	f.Float64Var(&o.Speed, "speed", 1, "play this many times faster (2: twice as fast, 0.5: half as fast)")
	f.BoolVar(&o.Step, "step", false, "wait for Enter before each step (for teaching)")
	sayFlag(f, "speed", "이 배수만큼 빠르게 재생(2는 두 배 빠르게, 0.5는 절반 속도로)")
	sayFlag(f, "step", "단계마다 Enter를 기다림(수업용)")
	return cmd
}

func (a *App) replay(cmd *cobra.Command, file string, o *ReplayOptions) error {
	if o.Speed <= 0 {
		return errors.New(lessons.Messages.Say(a.lang, "ui.replay.speed", text.Facts{"Got": fmt.Sprint(o.Speed)}))
	}
	f, err := os.Open(file)
	if err != nil {
		return errors.New(lessons.Messages.Say(a.lang, "ui.replay.open", text.Facts{"Got": err.Error()}))
	}
	defer f.Close()
	rec, err := lessons.ReadRecording(f)
	var bad *lessons.RecordingError
	if errors.As(err, &bad) {
		return fmt.Errorf("%s: %s", file, bad.In(a.lang))
	}
	if err != nil {
		return err
	}
	return rec.Replay(cmd.Context(), lessons.NewHumanTo(a.out()), lessons.ReplayOptions{
		Speed: o.Speed, Step: o.Step, In: a.Streams.In, Wait: a.Wait,
	})
}
