package lessons

import (
	"fmt"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// Fact names something a run learns, of type T. Lessons and actions read
// and write facts only through a Fact; a command names one by its Ref, and
// -o json reports it. A lesson's texts read no learned fact by name: they
// get CamelCase facts ({{.Pod}}) the lesson passes. A name is lower-case words joined by "-" (static-pod-path,
// node-cpu); a "." stands only between a group and its members
// (pod.uid, NAME.exit-code), because a text reads "a.b" as member b of a
// group a. So no name is the group of another: "node" and "node.cpu"
// would make {{.node}} the group, and the fact book reports that.
type Fact[T any] string

// Ref is the fact as a command reads it: {{fact "NAME"}}. A lesson names
// a fact in a command so, never by writing its name again.
func (f Fact[T]) Ref() string { return `{{fact "` + string(f) + `"}}` }

// Learner is where a run's facts are kept: the *Session, or the View a
// lesson's Go is given of it.
type Learner interface{ session() *Session }

func (s *Session) session() *Session { return s }
func (v View) session() *Session     { return v.s }

// Set records the fact and reports it.
func (f Fact[T]) Set(in Learner, v T) {
	s := in.session()
	f.keep(s, v)
	s.Report.Fact(string(f), v)
}

// keep records the fact for later actions and texts without reporting it.
func (f Fact[T]) keep(s *Session, v T) { s.learned.remember(string(f), v) }

// Get is the fact and true, or T's zero value and false while the run has
// not learned it. A value of another type under the name (two Facts of one
// name and different types) is false too, and a text problem: an error of
// Run when Strict, as in every test.
func (f Fact[T]) Get(in Learner) (T, bool) {
	s := in.session()
	v, ok := s.learned.known(string(f))
	if !ok {
		var zero T
		return zero, false
	}
	t, ok := v.(T)
	if !ok {
		s.learned.problem("fact %q holds a %T, read as a %T", string(f), v, t)
	}
	return t, ok
}

// The facts the engine learns about nodes.
const (
	NodeName        Fact[string] = "node"             // the node a node lesson works on
	KubeletConfig   Fact[string] = "kubelet-config"   // the kubelet's config file there
	StaticPodPath   Fact[string] = "static-pod-path"  // the kubelet's static Pod folder
	runtimeEndpoint Fact[string] = "runtime-endpoint" // its container runtime's socket
	PausePID        Fact[int]    = "pause-pid"        // the sandbox (pause) process of the last Pod looked at
	StaticFile      Fact[string] = "static-file"      // the static Pod file kpod wrote
	NetnsFiles      Fact[string] = "netns-files"      // /proc/PID/ns/net of each container's main process, PodProcesses found
	nodeCPU         Fact[string] = "node-cpu"         // the CPU a Pod's node offers Pods (Allocatable)
)

// previousLogs is the fact holding what a Pod's container printed before
// its last restart (Logs(...).Previous()).
func previousLogs(pod string) Fact[string] { return Fact[string]("previous-logs." + pod) }

// ContainerPID is the fact holding the main process of a Pod's container
// other than the sandbox, set by PodProcesses ("CONTAINER-pid").
func ContainerPID(container string) Fact[int] { return Fact[int](container + "-pid") }

// ExecFacts names the facts an Exec learns (Exec(...).Into(name)):
// NAME.exit-code, NAME.output and NAME.at.
type ExecFacts string

func (n ExecFacts) ExitCode() Fact[int]  { return Fact[int](n + ".exit-code") }
func (n ExecFacts) Output() Fact[string] { return Fact[string](n + ".output") }
func (n ExecFacts) At() Fact[time.Time]  { return Fact[time.Time](n + ".at") }

// Replaced names the facts DeleteReplaced learns: the Pod before it was
// deleted and after it came back (kept, not reported), the two UIDs and
// how long it took.
type Replaced string

func (n Replaced) Before() Fact[*corev1.Pod]  { return Fact[*corev1.Pod](n + ".before") }
func (n Replaced) After() Fact[*corev1.Pod]   { return Fact[*corev1.Pod](n + ".after") }
func (n Replaced) UID() Fact[string]          { return Fact[string](n + ".uid") }
func (n Replaced) NewUID() Fact[string]       { return Fact[string](n + ".new-uid") }
func (n Replaced) BackSeconds() Fact[float64] { return Fact[float64](n + ".back-seconds") }

// factBook is what a run has learned, and the text problems it met.
type factBook struct {
	mu       sync.Mutex
	facts    text.Facts
	problems []string
	learns   []string // in a dry run, the facts the actions so far learn (Plan.Learns)
}

// plan notes, in a dry run, the facts an action learns.
func (b *factBook) plan(names []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.learns = append(b.learns, names...)
}

// willLearn reports whether, in a dry run, an action before learns the
// fact name.
func (b *factBook) willLearn(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.learns {
		if ok, _ := path.Match(l, name); ok {
			return true
		}
	}
	return false
}

// known returns a fact the run learned.
func (b *factBook) known(name string) (any, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.facts[name]
	return v, ok
}

// remember keeps v under key for later actions and texts. A value of
// another type than the one already there is a text problem: two Facts of
// one name and different types.
func (b *factBook) remember(key string, v any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.facts == nil {
		b.facts = text.Facts{}
	}
	old, ok := b.facts[key]
	if ok && reflect.TypeOf(old) != reflect.TypeOf(v) {
		b.problems = append(b.problems, fmt.Sprintf("fact %q holds a %T, set to a %T", key, old, v))
	}
	if !ok {
		for other := range b.facts {
			if group, member := shorter(key, other); strings.HasPrefix(member, group+".") {
				b.problems = append(b.problems, fmt.Sprintf("fact %q is also the group of fact %q: a text reads it as a group", group, member))
			}
		}
	}
	b.facts[key] = v
}

// shorter is a and b, the shorter first.
func shorter(a, b string) (string, string) {
	if len(b) < len(a) {
		return b, a
	}
	return a, b
}

// factsCopy is a copy of what the run has learned.
func (b *factBook) factsCopy() text.Facts {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(text.Facts, len(b.facts))
	for k, v := range b.facts {
		out[k] = v
	}
	return out
}

func (b *factBook) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// problemsErr is an error listing the text problems met so far, of what,
// or nil.
func (b *factBook) problemsErr(what string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s: text problems:\n  %s", what, strings.Join(b.problems, "\n  "))
}
