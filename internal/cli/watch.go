package cli

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/draw"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
	"github.com/kpod-dev/kpod/internal/ui"
)

// WatchOptions are kpod watch's.
type WatchOptions struct {
	noValidate // cobra checked the arguments

	inv *invocation

	PodTarget
	Timeline bool // draw each container's line over time at the end
}

// newWatchOptions are kpod watch's defaults.
func newWatchOptions(inv *invocation) *WatchOptions {
	return &WatchOptions{inv: inv, PodTarget: PodTarget{cluster: inv.clusterAccess}}
}

func newCmdWatch(inv *invocation) *cobra.Command {
	o := newWatchOptions(inv)
	cmd := &cobra.Command{
		Use: "watch POD",
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return words.Err("err.cli.watch.none", nil)
			case len(args) > 1:
				return words.Err("err.cli.watch.many", text.Facts{"Count": len(args), "Args": strings.Join(args, " ")})
			}
			return nil
		},
		ValidArgsFunction: completer{inv.clusterAccess}.pods(),
		RunE:              runE(o),
	}
	describe(cmd, "watch", inv.Name)
	statesNamespaces(cmd)
	addFlag(cmd.Flags(), &o.Timeline, "timeline", "", "watch.timeline")
	return cmd
}

// Run follows the Pod until Ctrl-C or its deletion.
func (o *WatchOptions) Run(ctx context.Context) error {
	inv := o.inv
	name := o.Pod
	c, pod, err := o.find(ctx)
	if err != nil {
		return err
	}
	ns := pod.Namespace
	origin := pod.CreationTimestamp.Time
	rep := inv.reporter(func() time.Duration { return inv.Clock.Now().Sub(origin) }, nil)
	if !inv.json() {
		rep.Note(ui.Info, report.Plain(inv.say("ui.watch.stop", text.Facts{"Pod": name})))
	}
	t := timeline.NewWatch(timeline.Config{
		Client: c.Client, Namespace: ns, Name: name, Origin: origin, Since: origin.Add(-time.Second),
		Clock: inv.Clock, Lang: inv.lang(), Report: rep.Event,
	})
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := t.Start(wctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	_, err = t.Until(wctx, name, func(*corev1.Pod) (bool, error) { return false, nil })
	if o.Timeline {
		rep.Output(report.Quoted(o.lifelines(t, name, inv.Clock.Now().Sub(origin))))
	}
	if ctx.Err() != nil {
		return nil // Ctrl-C: watching ends, nothing to undo
	}
	if errors.Is(err, kube.ErrDeleted) {
		return nil
	}
	return err
}

// lifelines is the picture of what the timeline told about the Pod.
func (o *WatchOptions) lifelines(t *timeline.Watch, pod string, end time.Duration) string {
	p := o.inv.outPrinter()
	width := lessons.DrawWidth // shown indented by two
	if p.Width > 0 {
		width = p.Width - 2
	}
	return draw.Lifelines(pod, lessons.Moments(t.Told(pod)), end, draw.Options{
		Width: width, Plain: !p.Smart, Theme: p.Theme, Lang: o.inv.lang(),
	})
}
