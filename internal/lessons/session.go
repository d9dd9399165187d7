package lessons

import (
	"fmt"
	"strings"
	"text/template"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// Session is one run of one lesson, made by NewSession. It is given a
// runenv.Env, as practice is, and a Config; what the run learns and must
// undo, its run lock and its way to the nodes are their own types
// (factBook, tracker, runGuard, runNodes).
type Session struct {
	Env    runenv.Env
	Config Config
	Lesson *Lesson
	Report report.Reporter // shows the run's events

	learned factBook // what the run learned, and its text problems
	undo    tracker  // what the run made, to undo

	start    time.Time       // when the run's clock started: NewSession
	timeline *timeline.Watch // the run's Pods as watched, from Run's start (nil before, and in a dry run)
	guard    *runGuard       // the run lock (guard.go)
	node     runNodes        // the way to the nodes and what it found (node.go)
}

// Config is how a lesson runs: what the student chose on the command line.
type Config struct {
	Values  Values // the lesson's options (Lesson.Choose fills the ones not given)
	DryRun  bool
	Keep    bool
	Step    bool          // step mode: wait for Enter before each step (--step)
	Timeout time.Duration // for each wait (0: DefaultTimeout, which NewSession fills in)
	// Strict makes every text problem an error of Run: a text key in no
	// language, a template that does not parse, a fact a text reads that
	// the run never learned (a dry run may lack those). Tests set it; for a
	// student a problem only shows as a <placeholder>.
	Strict bool
}

// NewSession makes a run of lesson l in env, configured by c (a c without
// a Timeout gets DefaultTimeout). The run's clock starts now (Since).
// reporter makes what shows the run's events; it is handed Since, so the
// JSON records carry the time since the run began. NewSession panics
// without a lesson or a reporter, a caller's mistake.
func NewSession(env runenv.Env, l *Lesson, c Config, reporter func(since func() time.Duration) report.Reporter) *Session {
	if l == nil || reporter == nil {
		panic("lessons.NewSession: no lesson or no reporter")
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	s := &Session{Env: env, Config: c, Lesson: l}
	s.start = s.Env.Time()
	s.Report = reporter(s.Since)
	return s
}

// DefaultTimeout is how long a run waits for the cluster unless told
// otherwise.
const DefaultTimeout = 2 * time.Minute

// objectRef names an object kpod made.
type objectRef struct{ Kind, Name string }

func (r objectRef) String() string { return strings.ToLower(r.Kind) + "/" + r.Name }

// Since is the time since the run's clock started (NewSession).
func (s *Session) Since() time.Duration { return s.Env.Time().Sub(s.start) }

// section finds a text section in the lesson's texts, then the engine's
// own (Lesson.Sources): never in another package's.
func (s *Session) section(key string) text.Section {
	if sec, ok := s.Lesson.Sources().Lookup(s.Env.Lang, key); ok {
		return sec
	}
	s.learned.problem("no text %q in lesson %s or the engine's messages", key, s.Lesson.Name)
	return text.Section{}
}

// Left lists what this run made and has not removed yet (see tracker.left).
func (s *Session) Left() []string { return s.undo.left() }

// lessonLabels label what a run of lesson makes.
func lessonLabels(lesson string) map[string]string {
	return map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: lesson}
}

// kubectl returns a kubectl command line with the namespace flag in its
// place: before a " -- " command and before a " | " pipe.
func (s *Session) kubectl(args string) string {
	args, pipe, piped := strings.Cut(args, " | ")
	if piped {
		pipe = " | " + pipe
	}
	ns := ""
	if s.Env.Namespace != "" && s.Env.Namespace != "default" && !clusterScoped(args) && !strings.Contains(" "+args+" ", " -n ") && !strings.Contains(args, "--namespace") {
		ns = " -n " + s.Env.Namespace
	}
	if before, after, ok := strings.Cut(args, " -- "); ok {
		return "kubectl " + before + ns + " -- " + after + pipe
	}
	return "kubectl " + args + ns + pipe
}

// clusterScoped reports whether a kubectl command is about nodes, which
// belong to no namespace.
func clusterScoped(args string) bool {
	f := strings.Fields(args)
	return len(f) > 1 && (f[1] == "node" || f[1] == "nodes" || strings.HasPrefix(f[1], "node/"))
}

// fill fills the {{...}} of body, a text an action holds rather than a
// key: {{.name}} from the run's facts and the local ones (a local fact of
// a learned fact's name is a problem, not a silent choice), text.Scene's
// functions ({{ns}}, {{kpod}}, ...) and the lesson's (lessonFuncs). What
// the run has not learned renders as <name>; outside a dry run that is a
// problem, and in a dry run a fact no action before learns (Plan.Learns)
// is one. A Pod's name given to an action is a template too
// ("static-web-{{fact "node"}}"): every action that shows or asks for a
// Pod by name fills it here.
func (s *Session) fill(body string, local ...text.Facts) string {
	return s.lineFrom("", body, local...).Text
}

// lineFrom is body, the text of key, filled as fill fills it, as a line
// that keeps what it was filled from: the local facts, each function
// call's result, the program and the namespace.
func (s *Session) lineFrom(key, body string, local ...text.Facts) report.Line {
	said := report.Said{Key: key, Facts: text.Facts{}, Calls: map[string]string{}, Program: s.Env.Program, Namespace: s.Env.Namespace}
	for _, l := range local {
		for k, v := range l {
			said.Facts[k] = v
		}
	}
	if !strings.Contains(body, "{{") {
		return report.Line{Text: body, Said: said}
	}
	facts := s.learned.factsCopy()
	for k, v := range said.Facts {
		if _, ok := facts[k]; ok {
			s.learned.problem("%q: local fact %q hides the learned fact of that name", body, k)
		}
		facts[k] = v
	}
	var missing []string
	pod := func(name string) *corev1.Pod {
		if s.timeline == nil {
			return nil
		}
		return s.timeline.Pod(name)
	}
	lesson := lessonFuncs(runenv.PodFuncs(s.Env.Images, pod, func(fn, arg string) {
		if fn == "image" {
			s.learned.problem("unknown image role %q in %q", arg, body)
			return
		}
		missing = append(missing, fn+" of pod/"+arg)
	}))
	var unlearned []string // in a dry run, facts no action before learns
	lesson["fact"] = func(name string) string {
		if v, ok := facts[name]; ok && fmt.Sprint(v) != "" {
			return fmt.Sprint(v)
		}
		if s.Config.DryRun && !s.learned.willLearn(name) {
			unlearned = append(unlearned, name)
		}
		missing = append(missing, name)
		return "<" + name + ">"
	}
	out, miss, err := text.Render(body, s.Env.Scene().Funcs(lesson.kept(said.Calls).funcMap()), facts)
	if err != nil {
		s.learned.problem("template %q: %v", body, err)
	}
	if missing = append(missing, miss...); len(missing) > 0 && !s.Config.DryRun {
		s.learned.problem("%q: not known: %s", body, strings.Join(missing, ", "))
	}
	if len(unlearned) > 0 {
		s.learned.problem("%q: no action before it learns %s", body, strings.Join(unlearned, ", "))
	}
	return report.Line{Text: out, Said: said}
}

// lessonFuncs are the functions a lesson's text may call besides
// text.Scene's, each of one argument: runenv.PodFuncs' ({{image "role"}},
// {{ip "pod"}}, {{node "pod"}}) and
//
//	{{fact "pod-id"}}  a fact whose name is not a Go identifier
//
// A run keeps what each call gave (kept), so that a replay says the text
// again from it (ReplayFuncs).
type lessonFuncs map[string]func(arg string) string

func (l lessonFuncs) funcMap() template.FuncMap {
	m := template.FuncMap{}
	for name, f := range l {
		m[name] = f
	}
	return m
}

// kept is l with each call's result kept in calls, under "NAME ARG"
// ("ip webserver").
func (l lessonFuncs) kept(calls map[string]string) lessonFuncs {
	out := lessonFuncs{}
	for name, f := range l {
		out[name] = func(arg string) string {
			v := f(arg)
			calls[name+" "+arg] = v
			return v
		}
	}
	return out
}

// ReplayFuncs are the functions of a lesson's text said again in lang from
// what it was made of: the scene it was said in and each call's kept
// result (a call not kept reads as text.Unknown, a fact as <name>).
func ReplayFuncs(lang string, said report.Said) template.FuncMap {
	get := func(name string) func(string) string {
		return func(arg string) string {
			if v, ok := said.Calls[name+" "+arg]; ok {
				return v
			}
			if name == "fact" {
				return "<" + arg + ">"
			}
			return text.Unknown(arg, name)
		}
	}
	scene := text.Scene{Lang: lang, Program: said.Program, Namespace: said.Namespace}
	return scene.Funcs(lessonFuncs{"image": get("image"), "fact": get("fact"), "ip": get("ip"), "node": get("node")}.funcMap())
}
