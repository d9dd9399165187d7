package lessons

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Waits on the lesson's own watch. The timeline's Pod and Event informers
// serve every wait of a run: for a Pod to meet a condition (Until), to go,
// to come back with a new UID, for an Event. A Pod the timeline does not
// follow (not the lesson's) gets a watch of its own.

// eventWaiter waits for an Event (UntilEvent).
type eventWaiter struct {
	match func(*corev1.Event) bool
	done  chan *corev1.Event
}

// following reports whether t's watches run and it has not stopped:
// whether Until hears of Pod changes.
func following(t *Timeline) bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events != nil && !t.stopped
}

// UntilGone waits, on the timeline's own watch, until the Pod called name
// is deleted (at once when it saw it deleted already). It reports false
// when the timeline does not follow that Pod (not the lesson's): then the
// caller watches for itself.
func (t *Timeline) UntilGone(ctx context.Context, name string) (bool, error) {
	if t == nil {
		return false, nil
	}
	w := &waiter{name: name, gone: true, done: make(chan error, 1)}
	t.mu.Lock()
	t.init()
	if t.pods[name] == nil || t.stopped {
		gone := t.gone[name] && !t.stopped
		t.mu.Unlock()
		return gone, nil
	}
	_, err := park(ctx, t, w)
	return true, err
}

// UntilReplaced waits, on the timeline's own watch, for a Pod called name
// with a UID other than old, not being deleted, that meets cond: as when a
// kubelet publishes a mirror Pod again. It reports false at once when the
// timeline does not follow that Pod: then the caller watches for itself.
func (t *Timeline) UntilReplaced(ctx context.Context, name string, old types.UID, cond func(*corev1.Pod) bool) (bool, *corev1.Pod, error) {
	if t == nil {
		return false, nil, nil
	}
	back := func(p *corev1.Pod) (bool, error) {
		return p.UID != old && p.DeletionTimestamp == nil && cond(p), nil
	}
	w := &waiter{name: name, cond: back, keep: true, done: make(chan error, 1)}
	t.mu.Lock()
	t.init()
	p := t.pods[name]
	if p == nil && !t.gone[name] || t.stopped {
		t.mu.Unlock()
		return false, nil, nil
	}
	if p != nil {
		if ok, _ := back(p); ok {
			t.mu.Unlock()
			return true, p, nil
		}
	}
	woke, err := park(ctx, t, w)
	if !woke {
		return true, nil, err
	}
	return true, w.pod, err
}

// UntilEvent waits, on the timeline's own watch, for an Event of reason
// about the Pod called pod with UID uid (it may be there already). It
// reports false at once when the timeline's Event watch is not running:
// then the caller watches for itself.
func (t *Timeline) UntilEvent(ctx context.Context, pod string, uid types.UID, reason string) (bool, *corev1.Event, error) {
	if t == nil {
		return false, nil, nil
	}
	w := &eventWaiter{done: make(chan *corev1.Event, 1), match: func(ev *corev1.Event) bool {
		o := ev.InvolvedObject
		return ev.Reason == reason && o.Kind == "Pod" && o.Name == pod && o.UID == uid
	}}
	t.mu.Lock()
	t.init()
	if t.events == nil || t.stopped {
		t.mu.Unlock()
		return false, nil, nil
	}
	for _, o := range t.events.List() {
		if ev, ok := o.(*corev1.Event); ok && w.match(ev) {
			t.mu.Unlock()
			return true, ev, nil
		}
	}
	t.evWait[w] = true
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		delete(t.evWait, w)
		t.mu.Unlock()
	}()
	select {
	case ev := <-w.done:
		return true, ev, nil
	case <-ctx.Done():
		return true, nil, ctx.Err()
	}
}

// waitGone waits until the Pod called name is gone: on the lesson's own
// watch when it follows that Pod, else on a watch of its own.
func waitGone(ctx context.Context, s *Session, name string) error {
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, err := s.timeline.UntilGone(wctx, name)
	if !ok {
		return kube.WaitGone(ctx, s.Clients.Client, s.Namespace, name, s.timeout())
	}
	if err != nil && wctx.Err() != nil {
		return kube.StillThere(name, s.timeout())
	}
	return err
}

// waitReplaced waits until a Ready Pod called name with a UID other than
// old is there: on the lesson's own watch when it follows that Pod, else on
// a watch of its own.
func waitReplaced(ctx context.Context, s *Session, name string, old types.UID) (*corev1.Pod, error) {
	ready := func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue }
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, p, err := s.timeline.UntilReplaced(wctx, name, old, ready)
	if !ok {
		return kube.WaitReplaced(ctx, s.Clients.Client, s.Namespace, name, old, s.timeout(), ready)
	}
	if err != nil && wctx.Err() != nil {
		return nil, kube.NotReplaced(name, s.timeout())
	}
	return p, err
}

// waitEvent waits for an Event of reason about the Pod called pod with UID
// uid: on the lesson's own watch, else on a watch of its own.
func waitEvent(ctx context.Context, s *Session, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, ev, err := s.timeline.UntilEvent(wctx, pod, uid, reason)
	if !ok {
		return kube.WaitEvent(ctx, s.Clients.Client, s.Namespace, pod, uid, reason, s.timeout())
	}
	if err != nil && ctx.Err() == nil {
		return nil, kube.NoEvent(pod, reason, s.timeout())
	}
	return ev, err
}

// waitHelper waits for a helper Pod (which carries the lesson's labels) on
// the lesson's own watch while it runs, else on a watch of its own.
func waitHelper(ctx context.Context, s *Session, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	if !following(s.timeline) {
		return kube.WaitPod(ctx, s.Clients.Client, s.Namespace, name, timeout, cond)
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p, err := s.timeline.Until(wctx, name, cond)
	if err != nil && ctx.Err() == nil && wctx.Err() != nil {
		return p, kube.TimedOut(name, timeout)
	}
	return p, err
}

// maxAhead bounds the Events kept for Pods not seen yet (a helper Pod
// the selector leaves out is never seen).
const maxAhead = 100

// holdAhead keeps a live Event about a Pod the Pod watch has not shown
// yet: the two watches are separate streams, and an Event may come
// first. It is told once the Pod is seen (caughtUp).
func holdAhead(t *Timeline, ev *corev1.Event) bool {
	obj := ev.InvolvedObject
	if obj.Kind != "Pod" || t.names[obj.Name] || t.Name != "" && obj.Name != t.Name {
		return false
	}
	if len(t.ahead) == maxAhead {
		t.ahead = t.ahead[1:]
	}
	t.ahead = append(t.ahead, ev)
	return true
}

// caughtUp annotates the Events held for the Pod called name, now seen.
func caughtUp(t *Timeline, name string) []Annotation {
	var out []Annotation
	kept := t.ahead[:0]
	for _, ev := range t.ahead {
		if ev.InvolvedObject.Name != name {
			kept = append(kept, ev)
		} else if a, ok := t.annotate(ev); ok {
			out = append(out, a)
		}
	}
	t.ahead = kept
	return out
}

// park adds w to the timeline's waiters (t.mu is held, and released here)
// and waits until w is woken (woke, with its error) or ctx ends; w is
// taken out again before it returns.
func park(ctx context.Context, t *Timeline, w *waiter) (woke bool, err error) {
	t.waiters[w] = true
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		delete(t.waiters, w)
		t.mu.Unlock()
	}()
	select {
	case err := <-w.done:
		return true, err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}
