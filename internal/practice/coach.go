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

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Label marks the namespace kpod made for practice.
const Label = "kpod.dev/practice"

// DefaultNamespace is where the student practises unless they say -n.
const DefaultNamespace = "kpod-practice"

// ProgressLog keeps the student's progress: tasks solved and hints seen.
type ProgressLog interface {
	Solved(ctx context.Context, lesson, task string, at time.Time) // may tell a class: ctx ends it
	Hints(lesson, task string) int
	Hinted(lesson, task string, n int)
}

// ErrUnsolved means --check found a task that does not hold, or a live
// practice stopped (timeout) before every task held.
var ErrUnsolved = errors.New("not every task holds")

// Coach runs one practice of one lesson's tasks: it shows each task,
// checks it on every change, gives hints, and keeps the progress.
type Coach struct {
	Env      runenv.Env
	Set      Set
	Tasks    []Task // the ones to do, in order (default: all)
	Report   Reporter
	Progress ProgressLog   // nil: not kept
	Timeout  time.Duration // for the whole practice (0: no end)

	start time.Time
	mu    sync.Mutex     // guards shown
	shown map[string]int // hints shown in this practice, by task
	diag  *diagnoser
	nodes *Nodes // nil: no node access
	// noNodes is why node tasks are skipped, told in one line.
	noNodes error
}

// Since returns the time since the practice started.
func (c *Coach) Since() time.Duration {
	if c.start.IsZero() {
		return 0
	}
	return c.Env.Clock.Since(c.start)
}

// begin starts a dry run, a check or a live practice: every task unless
// some were named, the clock, and the lesson's header.
func (c *Coach) begin() {
	if len(c.Tasks) == 0 {
		c.Tasks = c.Set.Tasks
	}
	c.start = c.Env.Time()
	l := c.Set.Lesson
	c.Report.Lesson("practice "+l.Name, l.Title(c.Env.Lang), report.Line{})
}

func (c *Coach) lesson() string { return c.Set.Lesson.Name }

// text returns a lesson section for the task, filled from w.
func (c *Coach) text(key string, w *World) text.Section {
	sec := c.Set.Text(c.Env.Lang, key)
	sec.Body = w.Fill(sec.Body)
	return sec
}

// DryRun shows the tasks, and the objects kpod makes for a drill, and
// contacts no cluster.
func (c *Coach) DryRun() error {
	c.begin()
	c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.dryrun", nil))
	w := c.emptyWorld() // no nodes in a dry run
	for i, t := range c.Tasks {
		c.showTask(i, t, w)
		if t.Setup == "" {
			continue
		}
		body, names, err := setupObjects(t, w)
		if err != nil {
			return fmt.Errorf("practice %s: task %s: setup: %w", c.lesson(), t.Key, err)
		}
		c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.setup.dryrun", text.Facts{"Objects": strings.Join(names, ", "), "Namespace": c.Env.Namespace}))
		c.Report.Manifest(t.Key+"-setup.yaml", body)
	}
	c.Report.Done(true, 0, title(c.Env.Scene(), "ui.dryrun.done"))
	return nil
}

// emptyWorld returns a World of the practice's namespace with nothing in it
// yet.
func (c *Coach) emptyWorld() *World {
	return &World{Namespace: c.Env.Namespace, Scene: c.Env.Scene(), Images: c.Env.Images, Now: c.Env.Time(), Nodes: c.nodes}
}

// showTask shows task t, the i-th, filled from w.
func (c *Coach) showTask(i int, t Task, w *World) {
	sec := c.text(TextKey(t.Key), w)
	c.Report.Task(c.lesson(), i+1, len(c.Tasks), t.Key, sec.Title, sec.Body)
	if t.Node {
		c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.node", nil))
	}
}

// NextHint shows the task's next hint (the last is the solution) and
// remembers that the student saw it.
func (c *Coach) NextHint(t Task, w *World) {
	if w == nil {
		w = c.emptyWorld()
	}
	of := c.Set.hintCount(t)
	c.mu.Lock()
	if c.shown == nil {
		c.shown = map[string]int{}
	}
	n := c.shown[t.Key] + 1
	if c.Progress != nil {
		n = max(n, c.Progress.Hints(c.lesson(), t.Key)+1)
	}
	c.shown[t.Key] = n
	c.mu.Unlock()
	if n > of {
		c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.nohint", nil))
		n = of
	}
	key := HintKey(t.Key, n)
	if n == of {
		key = SolutionKey(t.Key)
	}
	c.Report.Hint(c.lesson(), t.Key, n, of, c.text(key, w).Body)
	if c.Progress != nil {
		c.Progress.Hinted(c.lesson(), t.Key, n)
	}
}

// Check evaluates every task once, reports each, and returns ErrUnsolved
// unless all hold.
func (c *Coach) Check(ctx context.Context) error {
	c.begin()
	defer c.findNodes(ctx)()
	w, err := c.snapshot(ctx)
	if err != nil {
		return err
	}
	failed, skipped := 0, 0
	c.diag = newDiagnoser(c.Env.Scene(), c.Env.Clients.Client, newLogbook(c.Env.Clients.Client, c.Env.Namespace, false, nil))
	told := map[string]bool{}
	for i, t := range c.Tasks {
		if t.Node && c.nodes == nil {
			c.Report.Note(ui.Warn, ofTask(t.Key, line(c.Env.Scene(), "ui.node.skip", text.Facts{"Reason": c.noNodes})))
			skipped++
			continue
		}
		r := drillMissing(t, t.Check(ctx, w), w)
		c.Report.Check(c.lesson(), i+1, len(c.Tasks), t.Key, r, r.say(c.Env.Scene()))
		if r.OK {
			c.solved(ctx, t)
		} else {
			failed++
			if p := w.Pod(r.Pod); p != nil && !told[r.Pod] {
				told[r.Pod] = true
				if d := c.diag.diagnosis(ctx, w, p); Problem(d) {
					c.Report.Diagnosis(d)
				}
			}
		}
	}
	key := "ui.check.ok"
	if failed+skipped > 0 {
		key = "ui.check.fail"
	}
	c.Report.Done(failed+skipped == 0, c.Since(), title(c.Env.Scene(), key))
	switch {
	case failed > 0:
		return words.Err("err.practice.unsolved", text.Facts{"Lesson": c.lesson(), "Failed": failed, "Of": len(c.Tasks)}).Because(ErrUnsolved)
	case skipped > 0: // a task not checked does not hold for a grader
		return words.Err("err.practice.unchecked", text.Facts{"Lesson": c.lesson(), "Skipped": skipped, "Of": len(c.Tasks)}).Because(ErrUnsolved)
	}
	return nil
}

// solved keeps that the student solved t.
func (c *Coach) solved(ctx context.Context, t Task) {
	if c.Progress != nil {
		c.Progress.Solved(ctx, c.lesson(), t.Key, c.Env.Time())
	}
}

// findNodes finds a way to the nodes when a task needs one, exactly as
// the node lessons do (nodeway), picks the node for tasks that name none
// and reads its static Pod directory, and returns what closes it: the helper Pods it made. Where there is
// none, node tasks are skipped and noNodes says why in one line.
func (c *Coach) findNodes(ctx context.Context) (closeNodes func()) {
	closeNodes = func() {}
	need := false
	for _, t := range c.Tasks {
		need = need || t.Node
	}
	if !need {
		return closeNodes
	}
	if c.Env.NodeAccess == nil && !c.Set.Lesson.Node {
		c.noNodes = words.Err("err.practice.nodeless", text.Facts{"Lesson": c.lesson()})
		return closeNodes
	}
	way := nodeway.New(c.Env.Clients, nodeway.Options{
		Namespace: c.Env.Namespace, Image: c.Env.Images["shell"],
		Labels:    map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: c.lesson()},
		KindNodes: c.Env.KindNodes, Access: c.Env.NodeAccess, Helpers: helpers{c},
	})
	found, err := way.Find(ctx)
	if err != nil {
		c.noNodes = err
		return closeNodes
	}
	for _, n := range found.Notes {
		c.Report.Note(ui.Info, n.Line(c.Env.Scene()))
	}
	if h, ok := found.Access.(*node.HelperPods); ok && c.Env.NodeAccess == nil {
		closeNodes = func() { _ = h.Close(context.WithoutCancel(ctx)) }
	}
	picked := ""
	if n, err := node.Pick(node.Sort(found.Nodes), ""); err == nil {
		picked = n.Name
	}
	c.nodes = NewNodes(c.Env.Clients, found.Access, picked)
	if picked != "" { // reach the node now (a helper Pod takes seconds to start), not when a check first needs it
		if err := c.nodes.ReadStaticDir(ctx); err != nil {
			c.Report.Note(ui.Warn, line(c.Env.Scene(), "ui.node.staticdir", text.Facts{"Node": picked, "Reason": err, "Path": c.nodes.StaticDir}))
		}
	}
	return closeNodes
}

// helpers says each helper Pod the node way makes, and waits for it on a
// watch of its own.
type helpers struct{ c *Coach }

func (h helpers) Making(_ string, n nodeway.Note) {
	h.c.Report.Note(ui.Info, n.Line(h.c.Env.Scene()))
}

func (h helpers) Wait(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return kube.WaitPod(ctx, h.c.Env.Clients.Client, h.c.Env.Namespace, name, timeout, cond)
}

// notHelpers leaves kpod's own node helper Pods out of what practice
// watches: they are not the student's.
var notHelpers = "!" + node.HelperLabel

// snapshot lists the namespace once.
func (c *Coach) snapshot(ctx context.Context) (*World, error) {
	client := c.Env.Clients.Client
	w := c.emptyWorld()
	pods, err := client.CoreV1().Pods(c.Env.Namespace).List(ctx, metav1.ListOptions{LabelSelector: notHelpers})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for i := range pods.Items {
		w.Pods = append(w.Pods, &pods.Items[i])
	}
	svcs, err := client.CoreV1().Services(c.Env.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for i := range svcs.Items {
		w.Services = append(w.Services, &svcs.Items[i])
	}
	evs, err := client.CoreV1().Events(c.Env.Namespace).List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("involvedObject.kind", "Pod").String()})
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
func (c *Coach) EnsureNamespace(ctx context.Context) error {
	labels := kube.WorkspaceLabels()
	labels[Label] = "true"
	created, err := kube.EnsureNamespace(ctx, c.Env.Clients.Client, c.Env.Namespace, labels)
	if err != nil {
		return words.Err("err.practice.namespace", text.Facts{"Namespace": c.Env.Namespace}).Because(kube.Explain(err))
	}
	if created {
		c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.namespace.created", text.Facts{"Namespace": c.Env.Namespace}))
	}
	return nil
}

// setupObjects returns a drill's setup filled from w, and the objects it
// makes (pod/site, service/db).
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

// objectName returns kind/name, as kubectl names an object: pod/site.
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
	pod := fmt.Sprint(r.Why.Facts["Pod"])
	if err != nil || !slices.Contains(names, "pod/"+pod) {
		return r
	}
	r.Why = why("drill-missing", text.Facts{"Pod": pod, "Task": t.Key})
	return r
}
