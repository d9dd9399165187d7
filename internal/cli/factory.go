package cli

import (
	"context"
	"io"
	"io/fs"
	"os"
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

// invocation is one command line being run; the command tree is built on
// it, and commands call it inv. It has three parts, which a command that
// needs only one takes alone: output (streams, printers, language),
// clusterAccess (kubectl's flags and clients) and course (the lessons).
type invocation struct {
	*output
	*clusterAccess
	*course

	Clock   clock.WithDelayedExecution
	Machine func() *Machine // this computer, for cluster, images and doctor

	args    []string                        // the command line
	in      *ui.Lines                       // stdin's lines, for every prompt and pause (made in execute)
	running atomic.Pointer[lessons.Session] // the lesson running, for abandon
}

// newInvocation is the run of args on f, its language settled, its flags
// not yet bound.
func newInvocation(f *Factory, args []string) *invocation {
	f = f.withDefaults()
	out := newOutput(f.Name, f.Streams, f.Getenv, args)
	return &invocation{
		output:        out,
		clusterAccess: newClusterAccess(f, out),
		course:        &course{Lessons: f.Lessons, Recordings: f.Recordings},
		Clock:         f.Clock,
		Machine:       f.Machine,
		args:          args,
	}
}

// course is the lessons, their practice tasks and their recorded runs.
type course struct {
	Lessons    []*lessons.Lesson
	Recordings fs.FS          // LESSON.json: a real run, offered where the nodes are out of reach
	sets       []practice.Set // made on first use from the lessons
}

// practice is each lesson's practice tasks, in course order.
func (c *course) practice() []practice.Set {
	if c.sets == nil {
		c.sets = practice.Load(c.Lessons)
	}
	return c.sets
}

// lesson is the lesson called name, or nil.
func (c *course) lesson(name string) *lessons.Lesson {
	for _, l := range c.Lessons {
		if l.Name == name {
			return l
		}
	}
	return nil
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

// findSet is the practice tasks of a lesson.
func findSet(sets []practice.Set, name string) (practice.Set, bool) {
	for _, s := range sets {
		if s.Lesson.Name == name {
			return s, true
		}
	}
	return practice.Set{}, false
}
