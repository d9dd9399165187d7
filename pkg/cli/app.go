// Package cli wires kpod's commands: one per lesson, plus watch, clean and
// version. Nothing here knows a lesson by name.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/klog/v2"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kpod-dev/kpod/pkg/kube"
	"github.com/kpod-dev/kpod/pkg/lessons"
	"github.com/kpod-dev/kpod/pkg/lessons/all"
	"github.com/kpod-dev/kpod/pkg/ui"
)

// Version is set at build time.
var Version = "dev"

// App is kpod with everything it touches injected, so tests can run it.
type App struct {
	Name    string // how the user called kpod: "kpod" or "kubectl kpod"
	Streams ui.Streams
	Getenv  func(string) string
	Now     func() time.Time
	TTY     bool // stdout is a terminal
	Lessons []*lessons.Lesson
	// Connect makes clients from kubectl's flags (tests return fakes).
	Connect func(ctx context.Context, flags *genericclioptions.ConfigFlags) (*kube.Clients, error)

	flags   *genericclioptions.ConfigFlags
	lang    string
	noColor bool
	output  string
}

// Main runs kpod as a program and returns its exit code.
func Main(args []string) int {
	quietKlog()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends kpod at once
	}()
	s := ui.System()
	app := &App{
		Name:    ProgramName(args[0]),
		Streams: s,
		Getenv:  os.Getenv,
		Now:     time.Now,
		TTY:     ui.IsTerminal(s.Out),
		Lessons: all.Lessons,
		Connect: kube.Connect,
	}
	return app.Run(ctx, args[1:])
}

// ProgramName is "kubectl kpod" when kpod runs as a kubectl plugin.
func ProgramName(arg0 string) string {
	base := strings.TrimSuffix(filepath.Base(arg0), ".exe")
	if rest, ok := strings.CutPrefix(base, "kubectl-"); ok {
		return "kubectl " + strings.ReplaceAll(rest, "_", "-")
	}
	return "kpod"
}

// Run runs one command line and returns the exit code, having printed any
// error once, on one line.
func (a *App) Run(ctx context.Context, args []string) int {
	root := a.Root()
	root.SetArgs(args)
	root.SetIn(a.Streams.In)
	root.SetOut(a.Streams.Out)
	root.SetErr(a.Streams.ErrOut)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, lessons.ErrInterrupted):
		return 130
	}
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintf(a.Streams.ErrOut, "error: %s\n", msg)
	if strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "unknown shorthand") {
		fmt.Fprintf(a.Streams.ErrOut, "Run '%s --help' for usage.\n", a.Name)
	}
	return 1
}

func (a *App) smart() bool { return ui.Smart(a.TTY, a.Getenv, a.noColor) }

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
		Version:       Version,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.outline(cmd.OutOrStdout())
		},
	}
	root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: a.Name}
	root.SetVersionTemplate("kpod {{.Version}}\n")
	pf := root.PersistentFlags()
	a.flags.AddFlags(pf)
	pf.StringVar(&a.lang, "lang", "", "language of the lessons: en or ko (default from KPOD_LANG, then LANG)")
	pf.BoolVar(&a.noColor, "no-color", false, "plain output without colour (also NO_COLOR=1 or TERM=dumb)")
	pf.StringVarP(&a.output, "output", "o", "", "output format: empty for people, json for one JSON object per line")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if a.output != "" && a.output != "json" {
			return fmt.Errorf("invalid output format %q: use -o json, or leave it out", a.output)
		}
		var err error
		a.lang, err = lessons.Lang(a.lang, a.Getenv)
		return err
	}
	root.AddGroup(&cobra.Group{ID: "lessons", Title: "Lessons (in course order):"}, &cobra.Group{ID: "tools", Title: "Tools:"})
	for _, l := range a.Lessons {
		root.AddCommand(a.lessonCmd(l))
	}
	for _, c := range []*cobra.Command{a.practiceCmd(), a.progressCmd(), a.watchCmd(), a.cleanCmd(), a.clusterCmd(), a.imagesCmd(), a.doctorCmd(), a.versionCmd()} {
		c.GroupID = "tools"
		root.AddCommand(c)
	}
	root.SetHelpCommandGroupID("tools")
	root.SetCompletionCommandGroupID("tools")
	return root
}

// examples fills the program name into an example text.
func (a *App) examples(s string) string { return strings.ReplaceAll(s, "{{.}}", a.Name) }

func (a *App) outline(w io.Writer) error {
	t := ui.Plain()
	if a.smart() {
		t = ui.Styled()
	}
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
		lessons.Fill(lessons.Messages.Get(a.lang, "ui.outline.run").Body, lessons.Vars{Message: first}),
		lessons.Fill(lessons.Messages.Get(a.lang, "ui.outline.dry").Body, lessons.Vars{Message: first + " --dry-run"}))
	return nil
}

func (a *App) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print kpod's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "kpod %s\n", Version)
			return nil
		},
	}
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

// quietKlog stops client-go's internal logging from reaching the student's
// terminal; kpod reports what matters itself.
func quietKlog() {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}
