// Package cli wires kpod's commands: one per lesson, and the tools
// (practice, why, watch, draw, replay, clean, cluster, doctor, class and
// the rest: newCmdKpod lists them). Nothing here knows a lesson by name.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/klog/v2"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Main runs kpod as a program and returns its exit code.
func Main(args []string) int {
	logTo(io.Discard, 0) // until -v says otherwise (newCmdRoot)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	f := &Factory{Name: text.Program(args[0]), Streams: ui.System()} // the rest are the real ones (withDefaults)
	inv := newInvocation(f, Args(args))
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		cancel(interrupt{Signal: sig}) // kpod cleans up, then exits
		sig = <-sigs
		os.Exit(inv.abandon(sig)) // a second one ends kpod at once
	}()
	return inv.execute(ctx)
}

// abandon prints what the running lesson leaves behind when a second
// signal stops kpod during its cleanup, and how to remove it; it returns
// the exit code for that signal.
func (inv *invocation) abandon(sig os.Signal) int {
	if s := inv.running.Load(); s != nil {
		if left := s.Left(); len(left) > 0 {
			fmt.Fprintln(inv.Streams.ErrOut, inv.say("ui.abandoned", text.Facts{
				"Namespace": s.Env.Namespace, "Left": strings.Join(left, ", ")}))
		}
	}
	return interrupt{Signal: sig}.exitCode()
}

// Args are the arguments to run: kubectl completes a plugin's arguments by
// running kubectl_complete-PLUGIN ARGS..., which is kpod __complete ARGS...
func Args(osArgs []string) []string {
	base := strings.TrimSuffix(filepath.Base(osArgs[0]), ".exe")
	if strings.HasPrefix(base, "kubectl_complete-") {
		return append([]string{cobra.ShellCompRequestCmd}, osArgs[1:]...)
	}
	return osArgs[1:]
}

// Run runs one command line and returns the exit code, having printed any
// error once, on one line.
func (f *Factory) Run(ctx context.Context, args []string) int {
	return newInvocation(f, args).execute(ctx)
}

// execute runs the command line and returns its exit code.
func (inv *invocation) execute(ctx context.Context) int {
	root := newCmdKpod(inv)
	root.SetArgs(inv.args)
	root.SetIn(inv.Streams.In)
	root.SetOut(inv.Streams.Out)
	root.SetErr(inv.Streams.ErrOut)
	lines, stop := context.WithCancel(ctx)
	defer stop()
	inv.in = ui.NewLines(lines, inv.Streams.In)
	ran, err := root.ExecuteContextC(ctx)
	if err == nil && ran == root {
		err = helpUnknown(root)
	}
	err = typed(err)
	code := inv.fail(ctx, err)
	var refused *offerError
	if errors.As(err, &refused) && ctx.Err() == nil && inv.stdout.err == nil {
		if c := inv.fail(ctx, inv.offer(ctx, refused.lesson)); c != 0 {
			code = c // the offer's own error, or an interruption during it
		}
	}
	if code == 1 && seeHelp(err) && inv.stdout.err == nil {
		found, _, ferr := root.Find(inv.args)
		if ferr != nil || found == nil {
			found = root
		}
		fmt.Fprintln(inv.Streams.ErrOut, inv.say("err.cli.seehelp", text.Facts{"Command": found.CommandPath()}))
	}
	return code
}

// fail prints err, the one way kpod prints an error, and returns the exit
// code for it: its line on stderr and its JSON error record with -o json.
// Only execute calls it: a command returns its error.
func (inv *invocation) fail(ctx context.Context, err error) int {
	switch {
	case err == nil && inv.stdout.err == nil:
		return 0
	case ctx.Err() != nil:
		return interruptedCode(ctx) // Ctrl-C or SIGTERM: quietly, whatever was going on
	}
	if werr := inv.stdout.err; werr != nil { // whatever else went wrong came of it
		err = words.Err("err.cli.write", text.Facts{"Err": werr.Error()})
	}
	msg := strings.TrimSpace(inv.tell(err))
	var shown *shownError
	if inv.json() && !errors.As(err, &shown) {
		_ = json.NewEncoder(inv.Streams.Out).Encode(report.NewErrorRecord(err, msg))
	}
	fmt.Fprintln(inv.Streams.ErrOut, inv.say("err.cli.line", text.Facts{"Err": msg}))
	return 1
}

// shownError is a command's error that its output already shows (doctor's
// checks): -o json gets no error record for it.
type shownError struct{ error }

func (e *shownError) Unwrap() error { return e.error }

// typed is err as a message key when pflag made it: its errors about
// flags have types. cobra's own errors kpod replaces with Args of its own,
// which return keys (builtin.go).
func typed(err error) error {
	if err == nil || text.Key(err) != "" {
		return err
	}
	var unknown *pflag.NotExistError
	var missing *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &unknown):
		if sh := unknown.GetSpecifiedShortnames(); sh != "" {
			return words.Err("err.cli.unknownshorthand", text.Facts{"Letter": string(rune(unknown.GetSpecifiedName()[0])), "Flags": "-" + sh}).Because(err)
		}
		return words.Err("err.cli.unknownflag", text.Facts{"Flag": "--" + unknown.GetSpecifiedName()}).Because(err)
	case errors.As(err, &missing):
		if sh := missing.GetSpecifiedShortnames(); sh != "" {
			return words.Err("err.cli.needsarg", text.Facts{"Letter": string(rune(missing.GetSpecifiedName()[0])), "Flag": "-" + sh}).Because(err)
		}
		return words.Err("err.cli.needsarg", text.Facts{"Letter": "", "Flag": "--" + missing.GetSpecifiedName()}).Because(err)
	case errors.As(err, &invalid):
		fl := invalid.GetFlag()
		name := "--" + fl.Name
		if fl.Shorthand != "" && fl.ShorthandDeprecated == "" {
			name = "-" + fl.Shorthand + ", " + name
		}
		why := ""
		if cause := invalid.Unwrap(); cause != nil {
			why = cause.Error()
		}
		// Type is the flag's kind of value ("duration"): a time flag's
		// message says how a time is written.
		return words.Err("err.cli.badvalue", text.Facts{"Got": invalid.GetValue(), "Flag": name, "Why": why, "Type": fl.Value.Type()}).Because(err)
	}
	return err
}

// seeHelp says whether err is about an unknown command or flag, which the
// command's help tells more about.
func seeHelp(err error) bool {
	for _, key := range []string{"err.cli.unknowncommand", "err.cli.didyoumean", "err.cli.unknownflag", "err.cli.unknownshorthand"} {
		if text.HasKey(err, key) {
			return true
		}
	}
	return false
}

// Commands are listed in the order they are added, the lessons in course
// order. Cobra's sorting is a switch of the whole process: it is set once,
// here, before any command tree is built.
func init() { cobra.EnableCommandSorting = false }

// newCmdKpod builds kpod's command tree on inv: kubectl's connection flags
// bound to inv.Flags, the shared ones to inv.Global.
func newCmdKpod(inv *invocation) *cobra.Command {
	root := newCmdRoot(inv)
	for _, l := range inv.Lessons {
		root.AddCommand(newCmdLesson(newLessonOptions(inv, l)))
	}
	for _, c := range []*cobra.Command{
		newCmdPractice(inv), newCmdProgress(inv), newCmdClass(inv), newCmdReplay(inv), newCmdWatch(inv), newCmdDraw(inv),
		newCmdWhy(inv), newCmdExamples(inv), newCmdClean(inv), newCmdCluster(inv), newCmdImages(inv),
		newCmdDoctor(inv), newCmdVersion(inv),
	} {
		c.GroupID = "tools"
		root.AddCommand(c)
	}
	root.AddCommand(newCmdOptions(inv))
	h := &helper{inv: inv}
	root.SetHelpFunc(h.help)
	root.SetUsageFunc(h.usage)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() { // cobra's own
		switch c.Name() {
		case "help":
			describe(c, "help", inv.Name)
			strictHelp(c)
			noOutput(c)
		case "completion":
			describe(c, "completion", inv.Name)
			strictCompletion(c)
			noOutput(c)
			for _, shell := range c.Commands() { // bash, zsh, fish, powershell
				describe(shell, "completion."+shell.Name(), inv.Name)
				cobraFlag(shell.Flags(), "no-descriptions", "flag.no-descriptions", helpFacts)
				noOutput(shell) // the scripts are no JSON
			}
			c.AddCommand(newCmdCompletionPlugin(inv))
		}
	}
	completer{inv.clusterAccess}.register(root)
	helpFlags(root)
	root.InitDefaultVersionFlag() // as cobra would when it runs, to give it its help
	cobraFlag(root.Flags(), "version", "flag.version", with(helpFacts, "Command", root.DisplayName()))
	root.SetHelpCommandGroupID("tools")
	root.SetCompletionCommandGroupID("tools")
	return root
}

// outputsKey lists the -o formats a command takes; "-" is none.
const outputsKey = "kpod.dev/outputs"

// outputs says which -o formats cmd takes (json unless said otherwise).
func outputs(cmd *cobra.Command, formats ...string) {
	annotate(cmd, outputsKey, strings.Join(formats, ","))
}

// annotate sets cmd's annotation key to value.
func annotate(cmd *cobra.Command, key, value string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[key] = value
}

// noOutput makes cmd refuse -o instead of ignoring it.
func noOutput(cmd *cobra.Command) { outputs(cmd, "-") }

func checkOutput(cmd *cobra.Command, output string) error {
	if output == "" {
		return nil
	}
	allowed := cmd.Annotations[outputsKey]
	if allowed == "" {
		allowed = "json"
	}
	if allowed == "-" {
		return words.Err("err.cli.nooutput", text.Facts{"Command": cmd.CommandPath()})
	}
	formats := strings.Split(allowed, ",")
	for _, f := range formats {
		if f == output {
			return nil
		}
	}
	return words.Err("err.cli.output", text.Facts{"Got": output, "Want": strings.Join(formats, "|")})
}

// logTo sends client-go's log to w at level v, as kubectl's -v does (6 and
// up show every request); logTo(io.Discard, 0) keeps client-go's internal
// logging from the student's terminal (kpod reports what matters itself).
// klog's state is the whole process's, as client-go logs through it from
// anywhere: Main quiets it once, and -v, given, sets it through the
// Factory's Log; a run without -v leaves it alone.
func logTo(w io.Writer, v int) {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("v", fmt.Sprint(v))
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(w)
}
