package cli

import (
	"context"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/distribution/reference"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/recordings"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Factory is kpod with everything it touches injected, and what every
// command is built from (the GitHub CLI's cmdutil.Factory): the streams,
// the clock, the environment, and functions for the cluster and this
// machine that a test swaps. It holds no state of a run: Run makes an
// invocation for each command line.
//
// Every field but Streams has a default, the real one, for its zero value
// (withDefaults); a test sets the ones it fakes.
type Factory struct {
	Name    string              // how the user called kpod: "kpod" or "kubectl kpod" ("": kpod)
	Streams ui.Streams          // stdin, stdout and stderr, and what they are (required)
	Getenv  func(string) string // the environment (nil: os.Getenv)
	// Clock tells the time and runs kpod's timers; tests pass a fake one
	// (nil: the real clock).
	Clock clock.WithDelayedExecution
	// Lessons are the course, in course order; each brings its practice
	// tasks (nil: all.Lessons).
	Lessons []*lessons.Lesson

	// NewClients makes clients from kubectl's flags and checks that the
	// cluster answers (tests return fakes; nil: kube.Connect). Commands
	// call inv.connect, which also says when the cluster is slow to answer.
	NewClients func(ctx context.Context, flags *genericclioptions.ConfigFlags) (*kube.Clients, error)
	// Clientset makes a client without asking the cluster anything first,
	// with a short timeout: for shell completion (nil: completionClient).
	Clientset func(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, error)
	// Machine is this computer for the cluster, images and doctor
	// commands: container engines, kind, kubectl (nil: this computer's).
	Machine func() *Machine
	// ConnectNotice is how long NewClients may take before kpod says it is
	// connecting (0: 300 ms).
	ConnectNotice time.Duration
	// Recordings are the recorded runs kpod offers where a cluster hides
	// its nodes, LESSON.json (nil: the ones built in).
	Recordings fs.FS
	// Log sends client-go's log to w at level v, for -v (nil: klog's,
	// which is the whole process's: Main quiets it once, before any
	// command line; a test that runs -v passes its own).
	Log func(w io.Writer, v int)
}

// withDefaults is a copy of f with each zero field but Streams set to its
// default, the real one.
func (f Factory) withDefaults() *Factory {
	if f.Name == "" {
		f.Name = "kpod"
	}
	if f.Getenv == nil {
		f.Getenv = os.Getenv
	}
	if f.Clock == nil {
		f.Clock = clock.RealClock{}
	}
	if f.Lessons == nil {
		f.Lessons = all.Lessons
	}
	if f.NewClients == nil {
		f.NewClients = kube.Connect
	}
	if f.Clientset == nil {
		f.Clientset = completionClient
	}
	if f.Machine == nil {
		f.Machine = systemMachine
	}
	if f.ConnectNotice <= 0 {
		f.ConnectNotice = 300 * time.Millisecond
	}
	if f.Recordings == nil {
		f.Recordings = recordings.Files
	}
	if f.Log == nil {
		f.Log = logTo
	}
	return &f
}

// invocation is one command line being run: what its commands are given
// of the Factory, and what the command line settles. The command tree is
// built on it; commands call it inv.
type invocation struct {
	// The Factory's, its defaults set (newInvocation).
	Name       string              // how the user called kpod: "kpod" or "kubectl kpod"
	Streams    ui.Streams          // Out checked for failed writes
	Getenv     func(string) string // the environment
	Clock      clock.WithDelayedExecution
	Lessons    []*lessons.Lesson
	Machine    func() *Machine
	Recordings fs.FS
	// How clients are made: commands call connect, the completer clientset.
	newClients    func(ctx context.Context, flags *genericclioptions.ConfigFlags) (*kube.Clients, error)
	clientset     func(flags *genericclioptions.ConfigFlags) (kubernetes.Interface, error)
	connectNotice time.Duration
	log           func(w io.Writer, v int) // client-go's log, under -v

	Flags  *genericclioptions.ConfigFlags // kubectl's connection flags
	Global GlobalOptions

	args     []string       // the command line
	language string         // kpod's language, settled from the command line (settleLang)
	stdout   *checkedWriter // stdout, keeping its first failed write
	in       *ui.Lines      // stdin's lines, for every prompt and pause (made in execute)
	printOut *ui.Printer    // outPrinter and errPrinter, made on first use, after the flags are read
	printErr *ui.Printer
	sets     []practice.Set // made on first use from the lessons
	running  atomic.Pointer[lessons.Session]
}

// newInvocation is the run of args on f, its language settled, its flags
// not yet bound.
func newInvocation(f *Factory, args []string) *invocation {
	f = f.withDefaults()
	out := &checkedWriter{w: f.Streams.Out}
	streams := f.Streams
	streams.Out = out // a write that fails (a full disk, a closed pipe) fails the command
	return &invocation{
		Name: f.Name, Streams: streams, Getenv: f.Getenv, Clock: f.Clock, Lessons: f.Lessons,
		Machine: f.Machine, Recordings: f.Recordings,
		newClients: f.NewClients, clientset: f.Clientset, connectNotice: f.ConnectNotice, log: f.Log,
		Flags: genericclioptions.NewConfigFlags(true), args: args, language: settleLang(args, f.Getenv), stdout: out,
	}
}

// practice is each lesson's practice tasks, in course order.
func (inv *invocation) practice() []practice.Set {
	if inv.sets == nil {
		inv.sets = practice.Load(inv.Lessons)
	}
	return inv.sets
}

// GlobalOptions are the flags every command takes besides kubectl's.
type GlobalOptions struct {
	lang      string // --lang as given, checked by Validate; kpod speaks inv.lang()
	NoColor   bool
	Theme     string
	Width     int
	Output    string
	Verbosity int
}

// outPrinter prints a command's results on stdout (Streams.Out, with
// kpod's styles); errPrinter narrates on stderr. Each has its own renderer: colour on stderr follows whether stderr is a
// terminal, not stdout.
func (inv *invocation) outPrinter() *ui.Printer {
	if inv.printOut == nil {
		getenv := inv.Getenv
		if inv.Global.Theme != "" { // --theme wins over KPOD_THEME
			getenv = func(k string) string {
				if k == "KPOD_THEME" {
					return inv.Global.Theme
				}
				return inv.Getenv(k)
			}
		}
		inv.printOut, inv.printErr = inv.Streams.Printers(getenv, inv.Global.NoColor)
		if inv.Global.Width > 0 {
			inv.printOut.Width, inv.printErr.Width = inv.Global.Width, inv.Global.Width
		}
	}
	return inv.printOut
}

// errPrinter narrates on stderr, as outPrinter prints results on stdout.
func (inv *invocation) errPrinter() *ui.Printer {
	inv.outPrinter()
	return inv.printErr
}

// wrap fits text to stdout's width (--width, else the terminal's, else
// 80), its lines after the first indented by hang columns.
func (inv *invocation) wrap(text string, hang int) string {
	return ui.Wrap(text, inv.outPrinter().Width, 0, strings.Repeat(" ", hang))
}

// row is prefix, then text wrapped to stdout's width under itself: a
// table row whose last column may be long (a lesson's title).
func (inv *invocation) row(prefix, text string) string {
	col := ui.Width(prefix)
	return prefix + ui.Wrap(text, inv.outPrinter().Width, col, strings.Repeat(" ", col))
}

func (inv *invocation) json() bool { return inv.Global.Output == "json" }

// lang is the language of kpod's texts, settled when the command line
// was given (settleLang).
func (inv *invocation) lang() string { return inv.language }

// langChosen reports whether the student chose kpod's language: --lang,
// or an environment that says one other than English.
func (inv *invocation) langChosen() bool { return inv.Global.lang != "" || inv.lang() != "en" }

// settleLang is the language of kpod's texts for the command line args:
// its --lang, else the environment (text.Lang). It is read before cobra
// parses the flags, so that help and an error in the flags are said in
// it too. A --lang that names no language of kpod's is English here, the
// language in which GlobalOptions.Validate refuses it.
func settleLang(args []string, getenv func(string) string) string {
	if lang, ok := text.Lang(langArg(args), getenv); ok {
		return lang
	}
	return "en"
}

// langArg is the value of the last --lang in args (as for any flag given
// twice, the last one counts), or "".
func langArg(args []string) string {
	lang := ""
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			lang = v
		} else if arg == "--lang" && i+1 < len(args) {
			lang = args[i+1]
		}
	}
	return lang
}

// say is the command line's message key in the session's language,
// filled with facts, naming kpod as the user runs it: the one way a
// command says its own words.
func (inv *invocation) say(key string, facts text.Facts) string {
	return inv.scene().Say(words, key, facts)
}

// tell is err in the session's language, naming kpod as the user runs it.
func (inv *invocation) tell(err error) string { return inv.scene().Tell(err) }

// scene is who the session's texts are told to: the user's language, and
// kpod named as they run it ("kubectl kpod" as a kubectl plugin).
func (inv *invocation) scene() text.Scene { return text.Scene{Program: inv.Name, Lang: inv.lang()} }

// examples fills the program name ({{kpod}}) into an example text.
func (inv *invocation) examples(s string) string {
	return text.Scene{Program: inv.Name}.Fill(s, nil)
}

// namespace is -n, else def.
func (inv *invocation) namespace(def string) string {
	if inv.Flags.Namespace != nil && *inv.Flags.Namespace != "" {
		return *inv.Flags.Namespace
	}
	return def
}

// workNamespace is where a lesson or practice works: -n, else a student's
// class namespace, else def.
func (inv *invocation) workNamespace(def string) string {
	if ns := inv.namespace(""); ns != "" {
		return ns
	}
	if ns := classNamespace(inv.Flags, inv.Getenv); ns != "" {
		return ns
	}
	return def
}

// kubeconfigPath is --kubeconfig, or "".
func kubeconfigPath(flags *genericclioptions.ConfigFlags) string {
	if flags.KubeConfig == nil {
		return ""
	}
	return *flags.KubeConfig
}

// chooseImages is the image of each role, with flag and environment
// overrides: each must be an image reference, else one line names it and
// where it came from.
func chooseImages(flags map[string]*string, getenv func(string) string) (map[string]string, error) {
	set := map[string]string{}
	for k, v := range flags {
		set[k] = *v
	}
	for _, r := range runenv.Roles {
		from, img := "--image-"+r.Name, set[r.Name]
		if img == "" {
			from, img = r.EnvName(), getenv(r.EnvName())
		}
		if img == "" {
			continue
		}
		if _, err := reference.ParseNormalizedNamed(img); err != nil {
			return nil, words.Err("err.cli.image", text.Facts{"From": from, "Got": img, "Default": r.Default, "Why": err.Error()})
		}
	}
	return runenv.Images(set, getenv), nil
}

// reporter shows a run's events: JSON records with -o json, else text.
// requests, when not nil, are the API requests the JSON done record counts.
func (inv *invocation) reporter(since func() time.Duration, requests *kube.Requests) report.Reporter {
	if inv.json() {
		return newJSON(inv.Streams.Out, inv.lang(), since, requests)
	}
	return report.NewHumanTo(inv.outPrinter())
}

// newJSON writes a run's JSON records to w, its lesson record in lang.
func newJSON(w io.Writer, lang string, since func() time.Duration, requests *kube.Requests) *report.JSON {
	j := report.NewJSON(w, since)
	j.Lang = lang
	j.Requests = requests
	return j
}

// findSet is the practice tasks of a lesson.
func findSet(sets []practice.Set, name string) (practice.Set, bool) {
	for _, s := range sets {
		if s.Lesson.Name == name {
			return s, true
		}
	}
	return practice.Set{}, false
}
