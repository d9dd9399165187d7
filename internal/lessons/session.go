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
	Program string // how the student runs kpod: "kpod", or "kubectl kpod" as a plugin ({{kpod}} in texts)
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

// NewSession is a run of lesson l in env as c says (a c without a Timeout
// gets DefaultTimeout). Its clock starts now
// (Since), and reporter makes what shows its events, handed Since: the
// JSON records carry the time since the run began. It panics without a
// lesson or a reporter, a caller's mistake.
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

// section finds a text section in the lesson's texts, then the engine's.
func (s *Session) section(key string) text.Section {
	if sec, ok := s.Lesson.Words().Lookup(s.Env.Lang, key); ok {
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

// expand fills the {{...}} of body: {{.name}} from the run's facts (local
// ones first), text.Scene's functions ({{ns}}, {{kpod}}, ...) and the
// lesson's (lessonFuncs). What the run has not learned renders as <name>;
// outside a dry run that is a problem. A Pod's name given to an action is
// a template too ("static-web-{{fact "node"}}"): every action that shows
// or asks for a Pod by name fills it here.
func (s *Session) expand(body string, local ...text.Facts) string {
	out, _ := s.expandSaid(body, local...)
	return out
}

// expandSaid is expand, and what the text was filled from: the local
// facts and each function call's result (Said).
func (s *Session) expandSaid(body string, local ...text.Facts) (string, text.Facts) {
	calls := text.Facts{"ns": s.Env.Namespace, "kpod": s.Config.Program}
	for _, l := range local {
		for k, v := range l {
			calls[k] = v
		}
	}
	if !strings.Contains(body, "{{") {
		return body, calls
	}
	facts := s.learned.factsCopy()
	for _, l := range local {
		for k, v := range l {
			facts[k] = v
		}
	}
	var missing []string
	pod := func(what string, get func(*corev1.Pod) string) func(string) string {
		return func(name string) string {
			if s.timeline != nil {
				if p := s.timeline.Pod(name); p != nil && get(p) != "" {
					return get(p)
				}
			}
			missing = append(missing, what+" of pod/"+name)
			return text.Unknown(name, what)
		}
	}
	scene := text.Scene{Lang: s.Env.Lang, Program: s.Config.Program, Namespace: s.Env.Namespace}
	lesson := lessonFuncs{
		image: func(role string) string {
			if img, ok := s.Env.Images[role]; ok {
				return img
			}
			s.learned.problem("unknown image role %q in %q", role, body)
			return text.Unknown(role, "image")
		},
		fact: func(name string) string {
			if v, ok := facts[name]; ok && fmt.Sprint(v) != "" {
				return fmt.Sprint(v)
			}
			missing = append(missing, name)
			return "<" + name + ">"
		},
		ip:   pod("ip", func(p *corev1.Pod) string { return p.Status.PodIP }),
		node: pod("node", func(p *corev1.Pod) string { return p.Spec.NodeName }),
	}
	out, miss, err := text.Render(body, scene.Funcs(lesson.kept(calls).funcMap()), facts)
	if err != nil {
		s.learned.problem("template %q: %v", body, err)
	}
	if missing = append(missing, miss...); len(missing) > 0 && !s.Config.DryRun {
		s.learned.problem("%q: not known: %s", body, strings.Join(missing, ", "))
	}
	return out, calls
}

// lessonFuncs are the functions a lesson's text may call besides
// text.Scene's, each of one argument:
//
//	{{image "role"}}             the image of a role
//	{{fact "pod-id"}}            a fact whose name is not a Go identifier
//	{{ip "pod"}} {{node "pod"}}  a Pod's IP and node, from the lesson's watch
//
// A run keeps what each call gave (kept), so that a replay says the text
// again from it (replayFuncs).
type lessonFuncs struct{ image, fact, ip, node func(arg string) string }

func (l lessonFuncs) funcMap() template.FuncMap {
	return template.FuncMap{"image": l.image, "fact": l.fact, "ip": l.ip, "node": l.node}
}

// kept is l with each call's result kept in calls, under "NAME ARG"
// ("ip webserver").
func (l lessonFuncs) kept(calls text.Facts) lessonFuncs {
	keep := func(name string, f func(string) string) func(string) string {
		return func(arg string) string {
			v := f(arg)
			calls[name+" "+arg] = v
			return v
		}
	}
	return lessonFuncs{keep("image", l.image), keep("fact", l.fact), keep("ip", l.ip), keep("node", l.node)}
}

// replayFuncs are the functions of a text said again in lang from what it
// was made of (Said.Facts): the scene it was said in and each call's kept
// result.
func replayFuncs(lang string, calls text.Facts) template.FuncMap {
	get := func(name string) func(string) string {
		return func(arg string) string {
			if v, ok := calls[name+" "+arg]; ok {
				return fmt.Sprint(v)
			}
			if name == "fact" {
				return "<" + arg + ">"
			}
			return text.Unknown(arg, name)
		}
	}
	ns, _ := calls["ns"].(string)
	program, _ := calls["kpod"].(string)
	scene := text.Scene{Lang: lang, Program: program, Namespace: ns}
	return scene.Funcs(lessonFuncs{get("image"), get("fact"), get("ip"), get("node")}.funcMap())
}
