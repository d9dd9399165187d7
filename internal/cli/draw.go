package cli

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/draw"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// DrawOptions are kpod draw's.
type DrawOptions struct {
	noValidate // cobra checked the arguments

	inv *invocation

	PodTarget
	Watch bool
}

// newDrawOptions are kpod draw's defaults.
func newDrawOptions(inv *invocation) *DrawOptions {
	return &DrawOptions{inv: inv, PodTarget: PodTarget{cluster: inv.clusterAccess}}
}

func newCmdDraw(inv *invocation) *cobra.Command {
	o := newDrawOptions(inv)
	cmd := &cobra.Command{
		Use: "draw POD",
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return words.Err("err.cli.draw.none", nil)
			case len(args) > 1:
				return words.Err("err.cli.draw.many", text.Facts{"Count": len(args), "Args": strings.Join(args, " ")})
			}
			return nil
		},
		ValidArgsFunction: completer{inv.clusterAccess}.pods(),
		RunE:              runE(o),
	}
	addFlag(cmd.Flags(), &o.Watch, "watch", "w", "draw.watch")
	describe(cmd, "draw", inv.Name)
	statesNamespaces(cmd)
	return cmd
}

// Run draws the Pod once, or until Ctrl-C or its deletion with -w.
func (o *DrawOptions) Run(ctx context.Context) error {
	inv := o.inv
	c, pod, err := o.find(ctx)
	if err != nil {
		return err
	}
	p := inv.outPrinter()
	opts := draw.WatchOptions{
		Draw:    draw.Options{Width: p.Width, Plain: !p.Smart, Theme: p.Theme, Lang: inv.lang(), Location: time.Local},
		InPlace: p.Smart && !inv.json(),
		JSON:    inv.json(),
		Follow:  o.Watch,
		Clock:   inv.Clock,
	}
	err = draw.Run(ctx, c.Client, pod.Namespace, o.Pod, inv.Streams.Out, opts)
	switch {
	case o.Watch && kube.IsNotFound(err), ctx.Err() != nil:
		return nil // deleted, or Ctrl-C: drawing ends, nothing to undo
	}
	return err
}
