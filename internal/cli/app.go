// Package cli wires kpod's commands: one per lesson, plus watch, clean and
// version. Nothing here knows a lesson by name.
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
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"k8s.io/klog/v2"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// App is kpod with everything it touches injected, so tests can run it.
type App struct {
	Name    string // how the user called kpod: "kpod" or "kubectl kpod"
	Streams ui.Streams
	Getenv  func(string) string
	Now     func() time.Time
	Lessons []*lessons.Lesson
	// Connect makes clients from kubectl's flags and checks that the
	// cluster answers (tests return fakes).
	Connect func(ctx context.Context, flags *genericclioptions.ConfigFlags) (*kube.Clients, error)
	// Clientset makes a client without asking the cluster anything first,
	// with a short timeout: for shell completion.
	Clientset func(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, error)
	// Machine is this computer for the cluster, images and doctor
	// commands: container engines, kind, kubectl.
	Machine func() *machine
	// Wait waits for d, for kpod replay's timing (nil: a timer); tests
	// return at once.
	Wait func(ctx context.Context, d time.Duration) error

	flags     *genericclioptions.ConfigFlags
	lang      string
	noColor   bool
	themeName string
	width     int
	output    string
	verbosity int

	args       []string                        // the command line, for its --lang before the flags are parsed
	outP, errP *ui.Printer                     // made on first use, after the flags are read
	running    atomic.Pointer[lessons.Session] // the lesson running now, for Abandon
}

// Main runs kpod as a program and returns its exit code.
func Main(args []string) int {
	quietKlog()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	s := ui.System()
	app := &App{
		Name:      ProgramName(args[0]),
		Streams:   s,
		Getenv:    os.Getenv,
		Now:       time.Now,
		Lessons:   all.Lessons,
		Connect:   kube.Connect,
		Clientset: completionClient,
		Machine:   systemMachine,
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		cancel(lessons.Interrupt{Signal: sig}) // kpod cleans up, then exits
		sig = <-sigs
		os.Exit(app.Abandon(sig)) // a second one ends kpod at once
	}()
	return app.Run(ctx, Args(args))
}

// Abandon prints what the running lesson leaves behind when a second
// signal stops kpod during its cleanup, and how to remove it; it returns
// the exit code for that signal.
func (a *App) Abandon(sig os.Signal) int {
	if s := a.running.Load(); s != nil {
		if left := s.Left(); len(left) > 0 {
			fmt.Fprintln(a.Streams.ErrOut, lessons.Messages.Say(a.lang, "ui.abandoned", text.Facts{
				"Namespace": s.Namespace, "Message": strings.Join(left, ", "), "Command": a.Name + " clean -n " + s.Namespace}))
		}
	}
	return lessons.Interrupt{Signal: sig}.ExitCode()
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

// ProgramName is "kubectl kpod" when kpod runs as a kubectl plugin.
func ProgramName(arg0 string) string { return text.Program(arg0) }

// Run runs one command line and returns the exit code, having printed any
// error once, on one line.
func (a *App) Run(ctx context.Context, args []string) int {
	root := a.Root()
	a.args = args
	root.SetArgs(args)
	root.SetIn(a.Streams.In)
	root.SetOut(a.Streams.Out)
	root.SetErr(a.Streams.ErrOut)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, lessons.ErrInterrupted), ctx.Err() != nil:
		return lessons.ExitCode(ctx) // Ctrl-C or SIGTERM: quietly, whatever was going on
	}
	raw := strings.TrimSpace(err.Error())
	msg := a.brand(strings.TrimSpace(a.tell(err)))
	if shown := (shownError{}); a.output == "json" && !errors.As(err, &shown) {
		_ = json.NewEncoder(a.Streams.Out).Encode(lessons.ErrorRecord{Header: lessons.Header{Type: "error", Schema: lessons.SchemaVersion}, Error: msg})
	}
	fmt.Fprintf(a.Streams.ErrOut, "error: %s\n", msg)
	if strings.HasPrefix(raw, "unknown command") || strings.HasPrefix(raw, "unknown flag") || strings.HasPrefix(raw, "unknown shorthand") {
		c, _, ferr := root.Find(args)
		if ferr != nil || c == nil {
			c = root
		}
		fmt.Fprintln(a.Streams.ErrOut, text.Say(a.helpLang(), "err.cli.seehelp", map[string]any{"Command": c.CommandPath()}))
	}
	return 1
}

// shownError is an error that the command's JSON output already shows
// (doctor's failed checks): no error record for it.
type shownError struct{ error }

func (e shownError) Unwrap() error { return e.error }

func (e shownError) In(lang string) string { return ui.Tell(e.error, lang) }

// tell is err in the session's language: kpod's own errors from its texts,
// and cobra's few about flags and arguments, which it only says in English.
func (a *App) tell(err error) string {
	lang := a.helpLang()
	if ui.Key(err) == "" {
		if key, facts := cobraError(err.Error()); key != "" {
			return text.Say(lang, key, facts)
		}
	}
	return ui.Tell(err, lang)
}

// cobraErrors are the errors cobra and pflag make of a bad command line,
// each with its message key; the groups fill Arg1, Arg2, Arg3.
var cobraErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"\n\nDid you mean this\?\n((?s).*)$`), "err.cli.didyoumean"},
	{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"$`), "err.cli.unknowncommand"},
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "err.cli.unknownflag"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)$`), "err.cli.unknownshorthand"},
	{regexp.MustCompile(`^flag needs an argument: (?:'(.)' in )?(\S+)$`), "err.cli.needsarg"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`), "err.cli.badvalue"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "err.cli.args"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "err.cli.argsmax"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "err.cli.argsmin"},
}

func cobraError(msg string) (string, map[string]any) {
	for _, c := range cobraErrors {
		if m := c.re.FindStringSubmatch(msg); m != nil {
			facts := map[string]any{}
			for i, g := range m[1:] {
				facts[fmt.Sprintf("Arg%d", i+1)] = g
			}
			return c.key, facts
		}
	}
	return "", nil
}

// brand says "kubectl kpod" where kpod runs as a kubectl plugin, in texts
// that name kpod's own commands.
func (a *App) brand(s string) string { return text.Brand(a.Name, s) }

// out prints a command's results on stdout; err narrates on stderr. Each
// has its own renderer: colour on stderr follows whether stderr is a
// terminal, not stdout.
func (a *App) out() *ui.Printer {
	if a.outP == nil {
		getenv := a.Getenv
		if a.themeName != "" { // --theme wins over KPOD_THEME
			getenv = func(k string) string {
				if k == "KPOD_THEME" {
					return a.themeName
				}
				return a.Getenv(k)
			}
		}
		a.outP, a.errP = a.Streams.Printers(getenv, a.noColor)
		if a.width > 0 {
			a.outP.Width, a.errP.Width = a.width, a.width
		}
	}
	return a.outP
}

func (a *App) err() *ui.Printer {
	a.out()
	return a.errP
}

// Root builds the command tree.
func (a *App) Root() *cobra.Command {
	a.flags = genericclioptions.NewConfigFlags(true)
	cobra.EnableCommandSorting = false // lessons in course order
	root := &cobra.Command{
		Use:   "kpod",
		Short: "Learn Kubernetes Pods by doing: real Pods, explained live",
		Long: "kpod teaches Kubernetes Pods on a real cluster. Each lesson makes real Pods,\n" +
			"shows what Kubernetes does with them as it happens, and cleans up after itself.",
		Example: a.examples(`  # the course outline
  {{.}}

  # the first lesson, then its plan without a cluster
  {{.}} run
  {{.}} run --dry-run

  # an instructor in front of a class: one step at a time, in Korean
  {{.}} probe --step --lang ko`),
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       GetVersion().GitVersion,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.outline(cmd.OutOrStdout())
		},
	}
	root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: a.Name}
	root.SetVersionTemplate("kpod {{.Version}}\n")
	noOutput(root)
	pf := root.PersistentFlags()
	a.flags.AddFlags(pf)
	pf.StringVar(&a.lang, "lang", "", "language of the lessons: en or ko (default from KPOD_LANG, then LANG)")
	pf.BoolVar(&a.noColor, "no-color", false, "plain output without colour (also NO_COLOR=1 or TERM=dumb)")
	pf.StringVar(&a.themeName, "theme", "", "colours for a dark or light background: dark or light (default from KPOD_THEME, then COLORFGBG)")
	pf.IntVar(&a.width, "width", 0, "wrap text to this many columns (default: the terminal's width, else 80)")
	pf.StringVarP(&a.output, "output", "o", "", "output format: empty for people, json for one JSON object per line")
	pf.IntVarP(&a.verbosity, "v", "v", 0, "log level of the Kubernetes client, as in kubectl (6 shows every request)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := checkOutput(cmd, a.output); err != nil {
			return err
		}
		if err := ui.CheckTheme(a.themeName); err != nil {
			return err
		}
		if a.width != 0 && a.width < ui.MinWidth {
			return ui.Err("err.cli.width", ui.F{"Min": ui.MinWidth, "Got": a.width})
		}
		if a.verbosity > 0 {
			logTo(a.Streams.ErrOut, a.verbosity)
		}
		var err error
		a.lang, err = lessons.Lang(a.lang, a.Getenv)
		return err
	}
	root.AddGroup(&cobra.Group{ID: "lessons", Title: "Lessons (in course order):"}, &cobra.Group{ID: "tools", Title: "Tools:"})
	for _, l := range a.Lessons {
		root.AddCommand(a.lessonCmd(l))
	}
	for _, c := range []*cobra.Command{a.practiceCmd(), a.progressCmd(), a.classCmd(), a.replayCmd(), a.watchCmd(), a.whyCmd(), a.examplesCmd(), a.cleanCmd(), a.clusterCmd(), a.imagesCmd(), a.doctorCmd(), a.versionCmd()} {
		c.GroupID = "tools"
		root.AddCommand(c)
	}
	root.AddCommand(a.optionsCmd())
	root.SetHelpFunc(a.help)
	root.SetUsageFunc(a.usage)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	a.korean(root)
	a.registerCompletions(root)
	root.SetHelpCommandGroupID("tools")
	root.SetCompletionCommandGroupID("tools")
	return root
}

// examples fills the program name into an example text.
func (a *App) examples(s string) string { return strings.ReplaceAll(s, "{{.}}", a.Name) }

func (a *App) outline(w io.Writer) error {
	t := a.out().Theme
	head := lessons.Messages.Get(a.lang, "ui.outline")
	fmt.Fprintf(w, "%s\n%s\n\n", t.Title("kpod · "+head.Title), head.Body)
	for i, l := range a.Lessons {
		fmt.Fprintf(w, "  %2d  %s  %s\n", i+1, t.Command(fmt.Sprintf("%-10s", l.Name)), l.Title(a.lang))
	}
	first := a.Name + " run"
	if len(a.Lessons) > 0 {
		first = a.Name + " " + a.Lessons[0].Name
	}
	fmt.Fprintf(w, "\n%s\n%s\n",
		lessons.Messages.Say(a.lang, "ui.outline.run", text.Facts{"Message": first}),
		lessons.Messages.Say(a.lang, "ui.outline.dry", text.Facts{"Message": first + " --dry-run"}))
	return nil
}

// namespace is -n, else def.
func (a *App) namespace(def string) string {
	if a.flags.Namespace != nil && *a.flags.Namespace != "" {
		return *a.flags.Namespace
	}
	return def
}

// contextNamespace is -n, else the kubeconfig context's namespace, like kubectl.
func (a *App) contextNamespace() string {
	ns, _, err := a.flags.ToRawKubeConfigLoader().Namespace()
	if err != nil || ns == "" {
		return "default"
	}
	return ns
}

// outputsKey lists the -o formats a command takes; "-" is none.
const outputsKey = "kpod.dev/outputs"

// outputs says which -o formats cmd takes (json unless said otherwise).
func outputs(cmd *cobra.Command, formats ...string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[outputsKey] = strings.Join(formats, ",")
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
		return ui.Err("err.cli.nooutput", ui.F{"Command": cmd.CommandPath()})
	}
	formats := strings.Split(allowed, ",")
	for _, f := range formats {
		if f == output {
			return nil
		}
	}
	return ui.Err("err.cli.output", ui.F{"Got": output, "Want": strings.Join(formats, "|")})
}

// logTo sends client-go's log to w at level v, as kubectl's -v does (6 and
// up show every request).
func logTo(w io.Writer, v int) {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("v", fmt.Sprint(v))
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(w)
}

// quietKlog stops client-go's internal logging from reaching the student's
// terminal; kpod reports what matters itself.
func quietKlog() {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}
