package timeline

import (
	"context"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Waits on the timeline's own watch. The timeline's Pod and Event
// informers serve every wait of a run: for a Pod to meet a condition
// (Until), to go, to come back with a new UID, for an Event. Each looks
// at what the timeline has seen and, if that does not answer it yet,
// parks a waiter that the timeline wakes as it sees the next changes.

// A waiter is one parked wait: for the Pod called name (cond, gone, keep),
// or for an Event (match).
type waiter struct {
	name  string
	cond  func(*corev1.Pod) (bool, error)
	gone  bool                     // waits for the Pod's deletion (UntilGone)
	keep  bool                     // a deletion does not end the wait (UntilReplaced)
	match func(*corev1.Event) bool // waits for an Event (UntilEvent), not a Pod
	done  chan error               // made by park; told once, when the wait is over
	pod   *corev1.Pod              // the Pod that met cond
	event *corev1.Event            // the Event that matched
}

// podWaits are the waiters parked on a timeline's watches. lock is the
// timeline's own: a wait looks at what the timeline has seen and parks
// holding it, and the timeline wakes waiters holding it, so no change
// falls between the look and the park.
type podWaits struct {
	lock    sync.Locker
	waiting map[*waiter]bool
}

// park adds w to the waiters (lock is held, and released here) and waits
// until w is woken (woke, with its error) or ctx ends; w is taken out
// again before it returns.
func (ws *podWaits) park(ctx context.Context, w *waiter) (woke bool, err error) {
	w.done = make(chan error, 1)
	ws.waiting[w] = true
	ws.lock.Unlock()
	defer func() {
		ws.lock.Lock()
		delete(ws.waiting, w)
		ws.lock.Unlock()
	}()
	select {
	case err := <-w.done:
		return true, err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// podChanged wakes the waiters on pod that its change ends (lock is held).
func (ws *podWaits) podChanged(pod *corev1.Pod, deleted bool) {
	for w := range ws.waiting {
		if w.match != nil || w.name != pod.Name || deleted && w.keep || !deleted && w.gone {
			continue
		}
		if deleted {
			if w.gone {
				w.done <- nil
			} else {
				w.done <- fmt.Errorf("pod/%s %w", pod.Name, kube.ErrDeleted)
			}
			delete(ws.waiting, w)
			continue
		}
		if ok, err := w.cond(pod); ok || err != nil {
			w.pod = pod
			w.done <- err
			delete(ws.waiting, w)
		}
	}
}

// eventSeen wakes the waiters that ev matches (lock is held).
func (ws *podWaits) eventSeen(ev *corev1.Event) {
	for w := range ws.waiting {
		if w.match != nil && w.match(ev) {
			w.event = ev
			w.done <- nil
			delete(ws.waiting, w)
		}
	}
}

// ErrNotFollowing is what a wait on a Watch that does not follow its Pods
// (nil, or stopped) returns at once: the caller asks Following first.
var ErrNotFollowing = errors.New("the timeline does not follow the Pods")

// ErrNotSeen is what UntilGone and UntilReplaced return at once for a Pod
// the watch has neither seen nor seen go: one it does not follow, or one
// just made that it has not heard of yet. The caller watches for itself.
var ErrNotSeen = errors.New("the timeline has not seen the Pod")

// Following reports whether t's watches run and it has not stopped:
// whether its waits hear of Pod changes and Events.
func (t *Watch) Following() bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events != nil && !t.stopped
}

// Until waits, on the timeline's own watch, for the Pod called name to
// satisfy cond. Annotations for each change are reported before cond sees it.
func (t *Watch) Until(ctx context.Context, name string, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	if t == nil {
		return nil, ErrNotFollowing
	}
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return nil, ErrNotFollowing
	}
	if p, ok := t.pods[name]; ok {
		if ok, err := cond(p); ok || err != nil {
			t.mu.Unlock()
			return p, err
		}
	}
	w := &waiter{name: name, cond: cond}
	if woke, err := t.waits.park(ctx, w); woke {
		return w.pod, err
	}
	return t.Pod(name), ctx.Err()
}

// UntilGone waits, on the timeline's own watch, until the Pod called name
// is deleted: at once when it saw it deleted already (ErrNotSeen when it
// never saw it).
func (t *Watch) UntilGone(ctx context.Context, name string) error {
	if t == nil {
		return ErrNotFollowing
	}
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return ErrNotFollowing
	}
	if t.pods[name] == nil {
		seen := t.gone[name]
		t.mu.Unlock()
		if !seen {
			return ErrNotSeen
		}
		return nil
	}
	_, err := t.waits.park(ctx, &waiter{name: name, gone: true})
	return err
}

// UntilReplaced waits, on the timeline's own watch, for a Pod called name
// with a UID other than old, not being deleted, that meets cond: as when a
// kubelet publishes a mirror Pod again (ErrNotSeen when it never saw a Pod
// of that name).
func (t *Watch) UntilReplaced(ctx context.Context, name string, old types.UID, cond func(*corev1.Pod) bool) (*corev1.Pod, error) {
	if t == nil {
		return nil, ErrNotFollowing
	}
	back := func(p *corev1.Pod) (bool, error) {
		return p.UID != old && p.DeletionTimestamp == nil && cond(p), nil
	}
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return nil, ErrNotFollowing
	}
	p := t.pods[name]
	if p == nil && !t.gone[name] {
		t.mu.Unlock()
		return nil, ErrNotSeen
	}
	if p != nil {
		if ok, _ := back(p); ok {
			t.mu.Unlock()
			return p, nil
		}
	}
	w := &waiter{name: name, cond: back, keep: true}
	_, err := t.waits.park(ctx, w)
	return w.pod, err
}

// UntilEvent waits, on the timeline's own watch, for an Event of reason
// about the Pod called pod with UID uid (it may be there already).
func (t *Watch) UntilEvent(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	if t == nil {
		return nil, ErrNotFollowing
	}
	match := func(ev *corev1.Event) bool {
		o := ev.InvolvedObject
		return ev.Reason == reason && o.Kind == "Pod" && o.Name == pod && o.UID == uid
	}
	t.mu.Lock()
	if t.events == nil || t.stopped {
		t.mu.Unlock()
		return nil, ErrNotFollowing
	}
	for _, o := range t.events.List() {
		if ev, ok := o.(*corev1.Event); ok && match(ev) {
			t.mu.Unlock()
			return ev, nil
		}
	}
	w := &waiter{match: match}
	_, err := t.waits.park(ctx, w)
	return w.event, err
}
