package practice

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/cache"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Label marks the namespace kpod made for practice.
const Label = "kpod.dev/practice"

// DefaultNamespace is where the student practises unless they say -n.
const DefaultNamespace = "kpod-practice"

// ProgressLog keeps the student's progress: tasks solved and hints seen.
type ProgressLog interface {
	Solved(lesson, task string, at time.Time)
	Hints(lesson, task string) int
	Hinted(lesson, task string, n int)
}

// ErrUnsolved means --check found a task that does not hold, or a live
// practice stopped (timeout) before every task held.
var ErrUnsolved = errors.New("not every task holds")

// Coach runs one practice of one lesson's tasks: it shows each task,
// checks it on every change, gives hints, and keeps the progress.
type Coach struct {
	lessons.RunEnv
	Set      Set
	Tasks    []Task // the ones to do, in order (default: all)
	Report   Reporter
	Progress ProgressLog   // nil: not kept
	Timeout  time.Duration // for the whole practice (0: no end)

	start time.Time
	mu    sync.Mutex
	pods  cache.Store
	svcs  cache.Store
	evs   cache.Store
	shown map[string]int // hints shown in this session, by task
	diag  *diagnoser
	nodes *Nodes // nil: no node access
	// noNodes says in one line why node tasks are skipped.
	noNodes string
}

// Since is the time since the practice started.
func (s *Coach) Since() time.Duration {
	if s.start.IsZero() {
		return 0
	}
	return s.RunClock().Since(s.start)
}

func (s *Coach) init() {
	if len(s.Tasks) == 0 {
		s.Tasks = s.Set.Tasks
	}
	s.start = s.Time()
}

func (s *Coach) lesson() string { return s.Set.Lesson.Name }

// text returns a lesson section for the task, filled from w.
func (s *Coach) text(key string, w *World) text.Section {
	sec := s.Set.Text(s.Lang, key)
	sec.Body = w.Fill(sec.Body)
	return sec
}

// Fill fills a practice text (a task, a hint, a solution) from w: the
// functions of text.Scene, for commands as the student types them (on a
// node too).
func (w *World) Fill(body string) string {
	out, _ := w.render(body)
	return out
}

// scene is what a practice text may call.
func (w *World) scene() text.Scene {
	return text.Scene{
		Namespace: w.Namespace,
		Image:     func(role string) string { return w.Images[role] },
		IP: func(name string) string {
			if p := w.Pod(name); p != nil && p.Status.PodIP != "" {
				return p.Status.PodIP
			}
			return "<" + name + "-ip>"
		},
		Node: func(name string) string {
			if p := w.Pod(name); p != nil && p.Spec.NodeName != "" {
				return p.Spec.NodeName
			}
			if name == "" && w.Nodes != nil && w.Nodes.Node != "" {
				return w.Nodes.Node
			}
			return "<node>"
		},
		Sandbox: func(name string) string {
			if p := w.Pod(name); p != nil && p.Annotations[SandboxAnnotation] != "" {
				return p.Annotations[SandboxAnnotation]
			}
			return "<POD-ID>"
		},
		OnNode: func(node, script string) string { return w.nodeWay().Command(node, script) },
		Copy:   func(node, local, remote string) string { return w.nodeWay().Copy(node, local, remote) },
		StaticDir: func(node string) string {
			if w.Nodes != nil && w.Nodes.StaticDir != "" && node == w.Nodes.Node {
				return w.Nodes.StaticDir
			}
			return kube.KubeadmManifests // a dry run; a node kpod did not pick
		},
	}
}

// render fills a practice text or manifest from w, saying what is wrong
// in its template.
func (w *World) render(body string) (string, error) {
	out, _, err := text.Render(body, w.scene().Funcs(), nil)
	return out, err
}

// nodeWay is how node commands are shown: the session's way to the nodes,
// else (a dry run, no access) the helper-Pod way the lessons show.
func (w *World) nodeWay() kube.NodeAccess {
	if w.Nodes != nil {
		return w.Nodes.Access
	}
	return nodeway.Shown(w.Images["shell"])
}

// say renders why a result does not hold, in lang.
func (r Result) say(lang string) string {
	if r.Why == nil {
		return ""
	}
	return Words.Say(lang, "why."+r.Why.Key, r.Why.Vars)
}

func (s *Coach) header() {
	l := s.Set.Lesson
	s.Report.Lesson("practice "+l.Name, l.Title(s.Lang), report.Line{})
}

// DryRun shows the tasks, and the objects kpod makes for a drill, and
// contacts no cluster.
func (s *Coach) DryRun() error {
	s.init()
	s.header()
	s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.dryrun", nil)))
	w := s.emptyWorld() // no nodes in a dry run
	for i, t := range s.Tasks {
		s.showTask(i, t, w)
		if t.Setup == "" {
			continue
		}
		body, names, err := setupObjects(t, w)
		if err != nil {
			return fmt.Errorf("practice %s: task %s: setup: %w", s.lesson(), t.Key, err)
		}
		s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.setup.dryrun", text.Facts{"Objects": strings.Join(names, ", "), "Namespace": s.Namespace})))
		s.Report.Manifest(t.Key+"-setup.yaml", body)
	}
	s.Report.Done(true, 0, report.Plain(Words.Get(s.Lang, "ui.dryrun.done").Title))
	return nil
}

func (s *Coach) emptyWorld() *World {
	return &World{Namespace: s.Namespace, Images: s.Images, Now: s.Time(), Nodes: s.nodes}
}

func (s *Coach) showTask(i int, t Task, w *World) {
	sec := s.text(TextKey(t.Key), w)
	s.Report.Task(s.lesson(), i+1, len(s.Tasks), t.Key, sec.Title, sec.Body)
	if t.Node {
		s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.node", nil)))
	}
}

// hintCount is how many hints a task has, the solution included.
func (s Set) hintCount(t Task) int {
	n := 1
	for s.has(HintKey(t.Key, n)) {
		n++
	}
	return n
}

// NextHint shows the task's next hint (the last is the solution) and
// remembers that the student saw it.
func (s *Coach) NextHint(t Task, w *World) {
	if w == nil {
		w = s.emptyWorld()
	}
	of := s.Set.hintCount(t)
	s.mu.Lock()
	if s.shown == nil {
		s.shown = map[string]int{}
	}
	n := s.shown[t.Key] + 1
	if s.Progress != nil {
		n = max(n, s.Progress.Hints(s.lesson(), t.Key)+1)
	}
	s.shown[t.Key] = n
	s.mu.Unlock()
	if n > of {
		s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.nohint", nil)))
		n = of
	}
	key := HintKey(t.Key, n)
	if n == of {
		key = SolutionKey(t.Key)
	}
	s.Report.Hint(s.lesson(), t.Key, n, of, s.text(key, w).Body)
	if s.Progress != nil {
		s.Progress.Hinted(s.lesson(), t.Key, n)
	}
}

// Check evaluates every task once, reports each, and returns ErrUnsolved
// unless all hold.
func (s *Coach) Check(ctx context.Context) error {
	s.init()
	s.header()
	defer s.findNodes(ctx)()
	w, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	failed, skipped := 0, 0
	s.diag = newDiagnoser(s.Lang, s.Clients.Client, newLogbook(s.Clients.Client, s.Namespace, false, nil))
	told := map[string]bool{}
	for i, t := range s.Tasks {
		if t.Node && s.nodes == nil {
			s.Report.Note(ui.Warn, report.Plain(t.Key+": "+Words.Say(s.Lang, "ui.node.skip", text.Facts{"Reason": s.noNodes})))
			skipped++
			continue
		}
		r := drillMissing(t, t.Check(ctx, w), w)
		s.Report.Check(s.lesson(), i+1, len(s.Tasks), t.Key, r, r.say(s.Lang))
		if r.OK {
			s.solved(t)
		}
		if !r.OK {
			failed++
			if p := w.Pod(r.Pod); p != nil && !told[r.Pod] {
				told[r.Pod] = true
				if d := s.diag.diagnosis(ctx, w, p); Problem(d) {
					s.Report.Diagnosis(d)
				}
			}
		}
	}
	key := "ui.check.ok"
	if failed+skipped > 0 {
		key = "ui.check.fail"
	}
	s.Report.Done(failed+skipped == 0, s.Since(), report.Plain(Words.Get(s.Lang, key).Title))
	switch {
	case failed > 0:
		return Words.Err("err.practice.unsolved", text.Facts{"Lesson": s.lesson(), "Failed": failed, "Of": len(s.Tasks)}).Because(ErrUnsolved)
	case skipped > 0: // a task not checked does not hold for a grader
		return Words.Err("err.practice.unchecked", text.Facts{"Lesson": s.lesson(), "Skipped": skipped, "Of": len(s.Tasks)}).Because(ErrUnsolved)
	}
	return nil
}

func (s *Coach) solved(t Task) {
	if s.Progress != nil {
		s.Progress.Solved(s.lesson(), t.Key, s.Time())
	}
}

// findNodes finds a way to the nodes when a task needs one, exactly as
// the node lessons do (nodeway), picks the node for tasks that name none,
// and returns what closes it: the helper Pods it made. Where there is
// none, node tasks are skipped and noNodes says why in one line.
func (s *Coach) findNodes(ctx context.Context) (closeNodes func()) {
	closeNodes = func() {}
	need := false
	for _, t := range s.Tasks {
		need = need || t.Node
	}
	if !need {
		return closeNodes
	}
	if s.NodeAccess == nil && !s.Set.Lesson.Node {
		s.noNodes = text.Tell(Words.Err("err.practice.nodeless", text.Facts{"Lesson": s.lesson()}), s.Lang)
		return closeNodes
	}
	way := nodeway.New(s.Clients, nodeway.Options{
		Namespace: s.Namespace, Image: s.Images["shell"],
		Labels:    map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: s.lesson()},
		KindNodes: s.KindNodes, Access: s.NodeAccess, Helpers: helpers{s},
	})
	found, err := way.Find(ctx)
	if err != nil {
		s.noNodes = text.Tell(err, s.Lang)
		return closeNodes
	}
	for _, n := range found.Notes {
		s.Report.Note(ui.Info, report.Plain(n.In(s.Lang)))
	}
	if h, ok := found.Access.(*kube.HelperPods); ok && s.NodeAccess == nil {
		closeNodes = func() { _ = h.Close(context.WithoutCancel(ctx)) }
	}
	node := ""
	if n, err := kube.PickNode(kube.SortNodes(found.Nodes), ""); err == nil {
		node = n.Name
	}
	s.nodes = NewNodes(found.Access, node)
	if node != "" { // reach the node now (a helper Pod takes seconds to start), not when a check first needs it
		if err := s.nodes.ReadStaticDir(ctx); err != nil {
			s.Report.Note(ui.Warn, report.Plain(Words.Say(s.Lang, "ui.node.staticdir", text.Facts{"Node": node, "Reason": text.Tell(err, s.Lang), "Path": s.nodes.StaticDir})))
		}
	}
	return closeNodes
}

// helpers says each helper Pod the node way makes, and waits for it on a
// watch of its own.
type helpers struct{ s *Coach }

func (h helpers) Making(_ string, n nodeway.Note) {
	h.s.Report.Note(ui.Info, report.Plain(n.In(h.s.Lang)))
}

func (h helpers) Wait(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return kube.WaitPod(ctx, h.s.Clients.Client, h.s.Namespace, name, timeout, cond)
}

// notHelpers leaves kpod's own node helper Pods out of what practice
// watches: they are not the student's.
var notHelpers = "!" + kube.HelperLabel

// snapshot lists the namespace once.
func (s *Coach) snapshot(ctx context.Context) (*World, error) {
	c := s.Clients.Client
	w := s.emptyWorld()
	pods, err := c.CoreV1().Pods(s.Namespace).List(ctx, metav1.ListOptions{LabelSelector: notHelpers})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for i := range pods.Items {
		w.Pods = append(w.Pods, &pods.Items[i])
	}
	svcs, err := c.CoreV1().Services(s.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for i := range svcs.Items {
		w.Services = append(w.Services, &svcs.Items[i])
	}
	evs, err := c.CoreV1().Events(s.Namespace).List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("involvedObject.kind", "Pod").String()})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for i := range evs.Items {
		w.Events = append(w.Events, &evs.Items[i])
	}
	return w, nil
}

// EnsureNamespace makes the practice namespace, labelled as a workspace
// of kpod's and as practice's, if it is not there. Two practices started
// together in one namespace both go on.
func (s *Coach) EnsureNamespace(ctx context.Context) error {
	labels := kube.WorkspaceLabels()
	labels[Label] = "true"
	created, err := kube.EnsureNamespace(ctx, s.Clients.Client, s.Namespace, labels)
	if err != nil {
		return lessons.Words.Err("err.lesson.namespace", text.Facts{"Namespace": s.Namespace}).Because(kube.Explain(err))
	}
	if created {
		s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.namespace.created", text.Facts{"Namespace": s.Namespace})))
	}
	return nil
}

// setupObjects is a drill's setup filled from w, and the objects it makes
// (pod/site, service/db).
func setupObjects(t Task, w *World) (string, []string, error) {
	body, err := w.render(t.Setup)
	if err != nil {
		return "", nil, err
	}
	objs, err := Manifests([]byte(body))
	if err != nil {
		return "", nil, err
	}
	var names []string
	for _, o := range objs {
		names = append(names, objectName(o))
	}
	return body, names, nil
}

// objectName is kind/name, as kubectl names an object: pod/site.
func objectName(o runtime.Object) string {
	return strings.ToLower(o.GetObjectKind().GroupVersionKind().Kind) + "/" + o.(metav1.Object).GetName()
}

// drillMissing tells a drill's Pod that is not there as a drill not
// started: kpod makes it, broken, when the task starts; --check does not.
func drillMissing(t Task, r Result, w *World) Result {
	if r.OK || t.Setup == "" || r.Why == nil || r.Why.Key != "no-pod" {
		return r
	}
	_, names, err := setupObjects(t, w)
	pod := fmt.Sprint(r.Why.Vars["Pod"])
	if err != nil || !slices.Contains(names, "pod/"+pod) {
		return r
	}
	r.Why = why("drill-missing", text.Facts{"Pod": pod, "Task": t.Key})
	return r
}
