package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/text"
)

// pluginBinary is the name kubectl runs for `kubectl kpod`, and
// pluginCompleter the one it runs to complete `kubectl kpod <TAB>`.
const (
	pluginBinary    = "kubectl-kpod"
	pluginCompleter = "kubectl_complete-kpod"
)

// CompletionPluginOptions are those of `kpod completion kubectl-plugin`:
// it writes kubectl_complete-kpod, which krew does not install, next to
// the kubectl-kpod on PATH.
type CompletionPluginOptions struct {
	out      *output
	Dir      string
	GOOS     string
	LookPath func(string) (string, error)
}

// newCompletionPluginOptions are its defaults: this machine's PATH.
func newCompletionPluginOptions(out *output) *CompletionPluginOptions {
	return &CompletionPluginOptions{out: out, GOOS: runtime.GOOS, LookPath: exec.LookPath}
}

func newCmdCompletionPlugin(inv *invocation) *cobra.Command {
	o := newCompletionPluginOptions(inv.output)
	cmd := &cobra.Command{
		Use:               "kubectl-plugin",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              runE(o),
	}
	addFlag(cmd.Flags(), &o.Dir, "dir", "", "completion.kubectl-plugin.dir")
	_ = cmd.MarkFlagDirname("dir")
	noOutput(cmd)
	describe(cmd, "completion.kubectl-plugin", inv.Name)
	return cmd
}

// Complete finds the directory: --dir, else that of kubectl-kpod on PATH.
func (o *CompletionPluginOptions) Complete(_ []string) error {
	if o.Dir != "" {
		return nil
	}
	path, err := o.LookPath(pluginBinary)
	if err != nil {
		return words.Err("err.cli.completion.noplugin", text.Facts{"Binary": pluginBinary, "Completer": pluginCompleter})
	}
	o.Dir = filepath.Dir(path)
	return nil
}

// Validate checks that the directory is there.
func (o *CompletionPluginOptions) Validate() error {
	if fi, err := os.Stat(o.Dir); err != nil || !fi.IsDir() {
		return words.Err("err.cli.completion.nodir", text.Facts{"Dir": o.Dir})
	}
	return nil
}

// completerScript is kubectl_complete-kpod for goos, and its file name.
func completerScript(goos string) (name, script string) {
	if goos == "windows" {
		return pluginCompleter + ".cmd", "@" + pluginBinary + " __complete %*\r\n"
	}
	return pluginCompleter, "#!/bin/sh\nexec " + pluginBinary + " __complete \"$@\"\n"
}

// Run writes the script.
func (o *CompletionPluginOptions) Run(_ context.Context) error {
	name, script := completerScript(o.GOOS)
	path := filepath.Join(o.Dir, name)
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		return err // "open PATH: permission denied" names the file
	}
	if err := os.Chmod(path, 0o755); err != nil { // an older file keeps its mode otherwise
		return err
	}
	_, err := fmt.Fprintln(o.out.Streams.Out, o.out.say("completion.plugin.wrote", text.Facts{"File": path}))
	return err
}
