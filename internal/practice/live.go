package practice

// The live practice: watches, and a check on every change.

import (
	"context"
	"errors"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
	"github.com/kpod-dev/kpod/internal/ui"
)

// world returns what the watches hold now: the Pods and Events as the
// timeline has told them, so that a check of a change comes after the
// timeline's lines for it, and the Services.
func (c *Coach) world(ws watches) *World {
	w := c.emptyWorld()
	w.Pods, w.Events = ws.timeline.Seen()
	for _, o := range ws.svcs.List() {
		w.Services = append(w.Services, o.(*corev1.Service))
	}
	return w
}

// poke says on ch that something happened, once however often it happens
// before it is heard.
func poke(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// watches is what a live practice's watches give: the timeline, which
// tells the namespace's Pods as they change and holds them and their
// Events; the Services; a poke on a Service's change (and when the
// diagnoser's logbook has news), and one when the namespace is deleted.
type watches struct {
	timeline *timeline.Watch
	svcs     cache.Store
	changed  chan struct{}
	gone     chan struct{}
}

// Run runs the live practice: it shows each task in turn and checks it on
// every change its watches see, until every task holds, the timeout passes,
// or the student presses Ctrl-C (which leaves their objects alone).
func (c *Coach) Run(ctx context.Context) error {
	c.begin()
	if err := c.EnsureNamespace(ctx); err != nil {
		return err
	}
	c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.namespace", text.Facts{"Namespace": c.Env.Namespace}))
	wctx, stop := c.withTimeout(ctx) // what Run starts ends with it
	defer stop()
	defer c.findNodes(wctx)()
	ws, err := c.watch(wctx)
	if err != nil {
		return c.end(ctx, wctx, err)
	}
	defer ws.timeline.Stop()
	c.diag = newDiagnoser(c.Env.Scene(), c.Env.Clients.Client, newLogbook(c.Env.Clients.Client, c.Env.Namespace, true, func() { poke(ws.changed) }))
	lines := c.Env.In.C()
	for i, t := range c.Tasks {
		if err := c.runTask(wctx, i, t, ws, lines); err != nil {
			return c.end(ctx, wctx, err)
		}
	}
	ws.timeline.Stop()
	c.Report.Done(true, c.Since(), title(c.Env.Scene(), "ui.done"))
	return nil
}

// withTimeout returns ctx, ended after the practice's Timeout if it has one.
func (c *Coach) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.Timeout > 0 {
		return context.WithTimeout(ctx, c.Timeout)
	}
	return context.WithCancel(ctx)
}

// watch starts a live practice's watches on the namespace: the timeline
// (its Pods, not kpod's helpers, and their Events), its Services, and the
// namespace itself, should it be deleted. It returns once each has listed
// what is there.
func (c *Coach) watch(ctx context.Context) (watches, error) {
	client := c.Env.Clients.Client
	ws := watches{changed: make(chan struct{}, 1), gone: make(chan struct{}, 1)}
	services := client.CoreV1().Services(c.Env.Namespace)
	svcs := cache.NewSharedIndexInformer(kube.Selected(client, metav1.ListOptions{}, services.List, services.Watch), &corev1.Service{}, 0, cache.Indexers{})
	_, _ = svcs.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke(ws.changed) },
		UpdateFunc: func(_, _ any) { poke(ws.changed) },
		DeleteFunc: func(any) { poke(ws.changed) },
	})
	go svcs.RunWithContext(ctx)
	nsSel := fields.OneTermEqualSelector("metadata.name", c.Env.Namespace).String()
	nss := client.CoreV1().Namespaces()
	ns := cache.NewSharedIndexInformer(kube.Selected(client, metav1.ListOptions{FieldSelector: nsSel}, nss.List, nss.Watch),
		&corev1.Namespace{}, 0, cache.Indexers{})
	_, _ = ns.AddEventHandler(cache.ResourceEventHandlerFuncs{DeleteFunc: func(any) { poke(ws.gone) }})
	go ns.RunWithContext(ctx)
	ws.svcs = svcs.GetStore()
	ws.timeline = timeline.NewWatch(timeline.Config{Client: client, Namespace: c.Env.Namespace, Selector: notHelpers, Origin: c.start, // Pods from before: their history first
		Clock: c.Env.Clock, Lang: c.Env.Lang, Report: c.Report.Event})
	if err := ws.timeline.Start(ctx); err != nil {
		return watches{}, err
	}
	if !cache.WaitForCacheSync(ctx.Done(), svcs.HasSynced, ns.HasSynced) {
		ws.timeline.Stop()
		return watches{}, ctx.Err()
	}
	return ws, nil
}

// runTask makes task t's drill (its broken objects), shows the task, and
// checks it on every change until it holds. A node task kpod has no way to
// check is shown and skipped.
func (c *Coach) runTask(ctx context.Context, i int, t Task, ws watches, lines <-chan string) error {
	if t.Setup != "" {
		made, err := (maker{c.Env.Clients, c.Env.Namespace, ws.timeline}).setUp(ctx, t, c.world(ws))
		if err != nil {
			return err
		}
		if len(made) > 0 {
			c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.setup", text.Facts{"Objects": strings.Join(made, ", "), "Namespace": c.Env.Namespace}))
		}
	}
	c.showTask(i, t, c.world(ws))
	if t.Node && c.nodes == nil {
		c.Report.Note(ui.Warn, line(c.Env.Scene(), "ui.node.skip", text.Facts{"Reason": c.noNodes}))
		return nil
	}
	return c.await(ctx, i, t, ws, lines)
}

// await checks task t on every change its watches see (and when a check
// says to look again) until it holds. Meanwhile it tells what kpod finds
// wrong with a Pod and why the task does not hold yet, gives a hint on each
// of the student's lines (Enter), and makes the namespace again should it
// be deleted.
func (c *Coach) await(ctx context.Context, i int, t Task, ws watches, lines <-chan string) error {
	var last string
	var lastWhy *Why
	var timer clock.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var wake <-chan time.Time
	for {
		w := c.world(ws)
		r := t.Check(ctx, w)
		if r.OK {
			c.Report.Check(c.lesson(), i+1, len(c.Tasks), t.Key, r, "")
			c.solved(ctx, t)
			return nil
		}
		for _, d := range c.diag.look(ctx, w) {
			c.Report.Diagnosis(d)
			if lines != nil && len(d.Hints) > 0 {
				c.Report.Note(ui.Info, line(c.Env.Scene(), "ui.diagnosis.hint", nil))
			}
		}
		if why := r.say(c.Env.Scene()); why != last {
			last, lastWhy = why, r.Why
			if r.Why.Key != "no-pod" && r.Why.Key != "no-pods" {
				c.Report.Check(c.lesson(), i+1, len(c.Tasks), t.Key, r, why)
			}
		}
		wake = nil
		if !r.Recheck.IsZero() {
			if timer != nil {
				timer.Stop()
			}
			timer = c.Env.Clock.NewTimer(r.Recheck.Sub(c.Env.Time()) + 100*time.Millisecond)
			wake = timer.C()
		}
		select {
		case <-ws.timeline.Changed():
		case <-ws.changed:
		case <-wake:
		case _, ok := <-lines:
			if !ok {
				lines = nil
				continue
			}
			c.hint(t, w)
		case <-ws.gone:
			c.Report.Note(ui.Warn, line(c.Env.Scene(), "ui.namespace.deleted", text.Facts{"Namespace": c.Env.Namespace}))
			if err := c.EnsureNamespace(ctx); err != nil {
				return err
			}
		case <-ctx.Done():
			var why any = ""
			if lastWhy != nil {
				why = lastWhy.err()
			}
			return words.Err("err.practice.unsolved.task", text.Facts{"Task": t.Key, "Why": why}).Because(ErrUnsolved)
		}
	}
}

// hint shows the next hint for the problem kpod told last, while that
// Pod still has it; then the task's own hints.
func (c *Coach) hint(t Task, w *World) {
	if c.diag != nil {
		if d, n, ok := c.diag.nextHint(); ok {
			c.Report.Hint(c.lesson(), "pod/"+d.Pod, n, len(d.Hints), d.Hints[n-1])
			return
		}
	}
	c.NextHint(t, w)
}

// end reports that a live practice stopped and returns why: Ctrl-C (ctx
// ended), its timeout (wctx ended), or err.
func (c *Coach) end(ctx, wctx context.Context, err error) error {
	c.Report.Done(false, c.Since(), title(c.Env.Scene(), "ui.stopped"))
	switch {
	case ctx.Err() != nil:
		return context.Cause(ctx)
	case wctx.Err() != nil && !errors.Is(err, ErrUnsolved):
		return kube.Timeout(words.Err("err.practice.timeout", text.Facts{"Lesson": c.lesson()}), c.Timeout)
	}
	return err
}
