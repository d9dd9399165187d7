package practice

// The live practice: watches, and a check on every change.

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
	"github.com/kpod-dev/kpod/internal/ui"
)

// world is what the informers hold now.
func (s *Coach) world() *World {
	w := s.emptyWorld()
	for _, o := range s.pods.List() {
		w.Pods = append(w.Pods, o.(*corev1.Pod))
	}
	sort.Slice(w.Pods, func(i, j int) bool { return w.Pods[i].Name < w.Pods[j].Name })
	for _, o := range s.svcs.List() {
		w.Services = append(w.Services, o.(*corev1.Service))
	}
	for _, o := range s.evs.List() {
		w.Events = append(w.Events, o.(*corev1.Event))
	}
	return w
}

// informer runs an informer for one kind in the namespace; every change
// pokes changed.
func informer(ctx context.Context, lw cache.ListerWatcher, obj runtime.Object, changed chan<- struct{}) cache.SharedIndexInformer {
	inf := cache.NewSharedIndexInformer(lw, obj, 0, cache.Indexers{})
	poke := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke() },
		UpdateFunc: func(_, _ any) { poke() },
		DeleteFunc: func(any) { poke() },
	})
	go inf.RunWithContext(ctx)
	return inf
}

// Run is the live practice: it shows each task in turn and checks it on
// every change its watches see, until every task holds, the timeout
// passes, or the student presses Ctrl-C (which leaves their objects alone).
func (s *Coach) Run(ctx context.Context) (err error) {
	s.init()
	s.header()
	if err := s.EnsureNamespace(ctx); err != nil {
		return err
	}
	s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.namespace", text.Facts{"Namespace": s.Namespace})))
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		wctx, cancel = context.WithTimeout(wctx, s.Timeout)
		defer cancel()
	}
	defer s.findNodes(wctx)()
	c := s.Clients.Client
	changed := make(chan struct{}, 1)
	gone := make(chan struct{}, 1)
	pods := informer(wctx, kube.PodListWatch(c, s.Namespace, notHelpers, ""), &corev1.Pod{}, changed)
	services := c.CoreV1().Services(s.Namespace)
	svcs := informer(wctx, kube.Selected(c, metav1.ListOptions{}, services.List, services.Watch), &corev1.Service{}, changed)
	evs := informer(wctx, kube.EventListWatch(c, s.Namespace), &corev1.Event{}, changed)
	nsSel := fields.OneTermEqualSelector("metadata.name", s.Namespace).String()
	nss := c.CoreV1().Namespaces()
	nsInf := cache.NewSharedIndexInformer(kube.Selected(c, metav1.ListOptions{FieldSelector: nsSel}, nss.List, nss.Watch),
		&corev1.Namespace{}, 0, cache.Indexers{})
	_, _ = nsInf.AddEventHandler(cache.ResourceEventHandlerFuncs{DeleteFunc: func(any) {
		select {
		case gone <- struct{}{}:
		default:
		}
	}})
	go nsInf.RunWithContext(wctx)
	s.pods, s.svcs, s.evs = pods.GetStore(), svcs.GetStore(), evs.GetStore()
	tl := &timeline.Watch{Client: c, Namespace: s.Namespace, Selector: notHelpers, Origin: s.start, // Pods from before: their history first
		Clock: s.RunClock(), Lang: s.Lang, Report: s.Report.Event}
	if err := tl.Start(wctx); err != nil {
		return s.end(ctx, wctx, err)
	}
	defer tl.Stop()
	if !cache.WaitForCacheSync(wctx.Done(), pods.HasSynced, svcs.HasSynced, evs.HasSynced, nsInf.HasSynced) {
		return s.end(ctx, wctx, wctx.Err())
	}
	lines := s.In.C()
	s.diag = newDiagnoser(s.Lang, c, newLogbook(c, s.Namespace, true, func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}))
	for i, t := range s.Tasks {
		if t.Setup != "" {
			made, err := (maker{s.Clients, s.Namespace}).setUp(wctx, t, s.world())
			if err != nil {
				return s.end(ctx, wctx, err)
			}
			if len(made) > 0 {
				s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.setup", text.Facts{"Objects": strings.Join(made, ", "), "Namespace": s.Namespace})))
			}
		}
		s.showTask(wctx, i, t, s.world())
		if t.Node && s.nodes == nil {
			s.Report.Note(ui.Warn, report.Plain(Words.Say(s.Lang, "ui.node.skip", text.Facts{"Reason": s.noNodes})))
			continue
		}
		if err := s.await(wctx, i, t, changed, gone, lines); err != nil {
			return s.end(ctx, wctx, err)
		}
	}
	tl.Stop()
	s.Report.Done(true, s.Since(), report.Plain(Words.Get(s.Lang, "ui.done").Title))
	return nil
}

// await checks task t on every change until it holds.
func (s *Coach) await(ctx context.Context, i int, t Task, changed <-chan struct{}, gone <-chan struct{}, lines <-chan string) error {
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
		w := s.world()
		r := t.Check(ctx, w)
		if r.OK {
			s.Report.Check(s.lesson(), i+1, len(s.Tasks), t.Key, r, "")
			s.solved(t)
			return nil
		}
		for _, d := range s.diag.look(ctx, w) {
			s.Report.Diagnosis(d)
			if lines != nil && len(d.Hints) > 0 {
				s.Report.Note(ui.Info, report.Plain(Words.Say(s.Lang, "ui.diagnosis.hint", nil)))
			}
		}
		if why := r.say(s.Lang); why != last {
			last, lastWhy = why, r.Why
			if r.Why.Key != "no-pod" && r.Why.Key != "no-pods" {
				s.Report.Check(s.lesson(), i+1, len(s.Tasks), t.Key, r, why)
			}
		}
		wake = nil
		if !r.Recheck.IsZero() {
			if timer != nil {
				timer.Stop()
			}
			timer = s.RunClock().NewTimer(r.Recheck.Sub(s.Time()) + 100*time.Millisecond)
			wake = timer.C()
		}
		select {
		case <-changed:
		case <-wake:
		case _, ok := <-lines:
			if !ok {
				lines = nil
				continue
			}
			s.hint(ctx, t, w)
		case <-gone:
			s.Report.Note(ui.Warn, report.Plain(Words.Say(s.Lang, "ui.namespace.deleted", text.Facts{"Namespace": s.Namespace})))
			if err := s.EnsureNamespace(ctx); err != nil {
				return err
			}
		case <-ctx.Done():
			var why any = ""
			if lastWhy != nil {
				why = Words.Err("why."+lastWhy.Key, lastWhy.Vars)
			}
			return Words.Err("err.practice.unsolved.task", text.Facts{"Task": t.Key, "Why": why}).Because(ErrUnsolved)
		}
	}
}

// hint shows the next hint for the problem kpod told last, while that
// Pod still has it; then the task's own hints.
func (s *Coach) hint(ctx context.Context, t Task, w *World) {
	if s.diag != nil {
		if d, n, ok := s.diag.nextHint(); ok {
			s.Report.Hint(s.lesson(), "pod/"+d.Pod, n, len(d.Hints), d.Hints[n-1])
			return
		}
	}
	s.NextHint(ctx, t, w)
}

// end reports how a live practice stopped: Ctrl-C, a timeout or an error.
func (s *Coach) end(ctx, wctx context.Context, err error) error {
	if ctx.Err() != nil {
		s.Report.Done(false, s.Since(), report.Plain(Words.Get(s.Lang, "ui.stopped").Title))
		return context.Cause(ctx)
	}
	if wctx.Err() != nil && !errors.Is(err, ErrUnsolved) {
		err = Words.Err("err.practice.timeout", text.Facts{"Lesson": s.lesson(), "Wait": s.Timeout}).Because(kube.ErrTimeout)
	}
	s.Report.Done(false, s.Since(), report.Plain(Words.Get(s.Lang, "ui.stopped").Title))
	return err
}
