package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/text"
)

// readTasks reads a file of tasks as a Set of its own; a file with a
// problem is refused in one line (`practice lint` lists them all).
func readTasks(path string) (practice.Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return practice.Set{}, err
	}
	f, err := practice.Parse(data)
	if err == nil && f.Name == "" {
		f.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	var set practice.Set
	if err == nil {
		set, err = f.Set(nil)
	}
	if err != nil {
		return set, words.Err("err.cli.practice.file", text.Facts{"File": path, "Why": err.Error()})
	}
	return set, nil
}

// PracticeLintOptions are the flags of `kpod practice lint`.
type PracticeLintOptions struct {
	inv *invocation

	Cluster bool
	Timeout time.Duration
	Images  map[string]*string
	File    string
}

func newCmdPracticeLint(inv *invocation) *cobra.Command {
	o := &PracticeLintOptions{inv: inv, Timeout: 3 * time.Minute, Images: map[string]*string{}}
	cmd := &cobra.Command{
		Use:  "lint FILE",
		Args: exactArgs(1),
		RunE: runE(o),
	}
	addFlag(cmd.Flags(), &o.Cluster, "cluster", "", "practice.lint.cluster")
	addFlag(cmd.Flags(), &o.Timeout, "timeout", "", "practice.lint.timeout")
	imageFlags(cmd, o.Images)
	describe(cmd, "practice.lint", inv.Name)
	noOutput(cmd)
	return cmd
}

// Complete takes the file.
func (o *PracticeLintOptions) Complete(args []string) error {
	o.File = args[0]
	return nil
}

// Validate checks the timeout.
func (o *PracticeLintOptions) Validate() error {
	if o.Timeout <= 0 {
		return words.Err("err.cli.negative", text.Facts{"Flag": "--timeout", "Got": o.Timeout})
	}
	return nil
}

// Run lints the file, then (--cluster) plays it on the cluster.
func (o *PracticeLintOptions) Run(ctx context.Context) error {
	inv := o.inv
	data, err := os.ReadFile(o.File)
	if err != nil {
		return err
	}
	images, err := chooseImages(o.Images, inv.Getenv)
	if err != nil {
		return err
	}
	out := inv.Streams.Out
	problems := practice.Lint(data, images)
	for _, p := range problems {
		fmt.Fprintln(out, o.File+": "+p)
	}
	if len(problems) > 0 {
		return words.Err("err.cli.lint.problems", text.Facts{"File": o.File, "Got": len(problems)})
	}
	if !o.Cluster {
		fmt.Fprintln(out, inv.say("ui.lint.ok", text.Facts{"File": o.File}))
		return nil
	}
	file, _ := practice.Parse(data)
	env, err := inv.runEnv(ctx, "", images, false) // each task gets a namespace of its own
	if err != nil {
		return err
	}
	l := &practice.LintCluster{Env: env, Timeout: o.Timeout}
	failed := 0
	for _, r := range l.Run(ctx, file) {
		fmt.Fprintln(out, r.Line)
		if !r.OK {
			failed++
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return words.Err("err.cli.lint.failed", text.Facts{"File": o.File, "Got": failed})
	}
	return nil
}
