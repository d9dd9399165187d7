package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/clean"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// CleanOptions are kpod clean's flags.
type CleanOptions struct {
	noValidate

	inv *invocation

	AllNamespaces bool

	namespace string // "" for all
}

// newCleanOptions are kpod clean's defaults.
func newCleanOptions(inv *invocation) *CleanOptions { return &CleanOptions{inv: inv} }

func newCmdClean(inv *invocation) *cobra.Command {
	o := newCleanOptions(inv)
	cmd := &cobra.Command{
		Use:  "clean",
		Args: noArgs,
		RunE: runE(o),
	}
	addFlag(cmd.Flags(), &o.AllNamespaces, "all-namespaces", "A", "flag.all-namespaces")
	noOutput(cmd)
	describe(cmd, "clean", inv.Name)
	return cmd
}

// Complete picks the namespace: -n, else kpod's, or all with -A.
func (o *CleanOptions) Complete(_ []string) error {
	o.namespace = o.inv.namespace("kpod")
	if o.AllNamespaces {
		o.namespace = ""
	}
	return nil
}

// Run cleans.
func (o *CleanOptions) Run(ctx context.Context) error {
	inv := o.inv
	c, err := inv.connect(ctx)
	if err != nil {
		return err
	}
	cl := &clean.Cleaner{Clients: c, Namespace: o.namespace, Scene: inv.scene(), Out: inv.Streams.Out, Clock: inv.Clock, ShellImage: runenv.Images(nil, inv.Getenv)["shell"]}
	return cl.Run(ctx)
}
