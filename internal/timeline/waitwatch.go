package timeline

import (
	"context"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Waits on the timeline's own watch. The timeline's Pod and Event
// informers answer every wait of a run: for a Pod to meet a condition
// (Until), to go, to come back with a new UID, for an Event. The Pod
// informer sees every Pod of the namespace, told or not, so a wait may be
// for any of them. Each wait looks at what the timeline has seen and, if
// that does not answer it yet, parks a waiter that the timeline wakes as
// it sees the next changes, after telling them. A wait asked of a
// timeline that is not watching (nil, not started, or stopped) ends at
// once with ErrNotWatching; Stop ends the waits parked.

// A waiter is one parked wait: on the Pod changes (pod) or on the Events
// (event) the timeline sees. Each says whether what it saw ends the wait.
type waiter struct {
	pod   func(pod *corev1.Pod, deleted bool) (done bool, err error)
	event func(*corev1.Event) bool
	done  chan error // told once, when the wait is over
}

// waiters are the waits parked on a timeline's watches. lock is the
// timeline's own: park looks at what the timeline has seen and parks
// holding it, and the timeline wakes waiters holding it, so no change
// falls between the look and the park.
type waiters struct {
	lock    sync.Locker
	waiting map[*waiter]bool
}

// park waits for w. Holding the lock, it asks look whether what the
// timeline has seen already ends the wait (done, or an error); if not, it
// parks w until one of the timeline's changes ends it or ctx ends.
func (ws *waiters) park(ctx context.Context, w *waiter, look func() (done bool, err error)) error {
	ws.lock.Lock()
	if done, err := look(); done || err != nil {
		ws.lock.Unlock()
		return err
	}
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
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// podChanged wakes the waiters that pod's change ends (lock is held).
func (ws *waiters) podChanged(pod *corev1.Pod, deleted bool) {
	for w := range ws.waiting {
		if w.pod == nil {
			continue
		}
		if done, err := w.pod(pod, deleted); done || err != nil {
			w.done <- err
			delete(ws.waiting, w)
		}
	}
}

// end ends every waiter with err (lock is held).
func (ws *waiters) end(err error) {
	for w := range ws.waiting {
		w.done <- err
		delete(ws.waiting, w)
	}
}

// eventSeen wakes the waiters that ev ends (lock is held).
func (ws *waiters) eventSeen(ev *corev1.Event) {
	for w := range ws.waiting {
		if w.event != nil && w.event(ev) {
			w.done <- nil
			delete(ws.waiting, w)
		}
	}
}

// ErrNotWatching is what a wait on a timeline that is not watching (nil,
// not started, or stopped; or a watch of one other Pod) ends with, at
// once.
var ErrNotWatching = errors.New("the timeline is not watching")

// wait parks w (waiters.park) once it knows that t watches the Pod called
// pod: its watch runs and sees that Pod.
func (t *Watch) wait(ctx context.Context, pod string, w *waiter, look func() (done bool, err error)) error {
	if t == nil {
		return ErrNotWatching
	}
	return t.waits.park(ctx, w, func() (bool, error) {
		switch {
		case t.events == nil || t.stopped:
			return false, ErrNotWatching
		case t.cfg.Name != "" && pod != t.cfg.Name:
			return false, fmt.Errorf("%w for pod/%s: it watches pod/%s only", ErrNotWatching, pod, t.cfg.Name)
		}
		return look()
	})
}

// Until waits, on the timeline's own watch, for the Pod called name to
// satisfy cond, and returns it: as it met cond, or as last seen when the
// wait ended without (ctx ended, or the Pod was deleted: kube.ErrDeleted).
// Annotations for each change are reported before cond sees it. A Pod of
// an earlier run, stopping as the timeline started, is not the Pod.
func (t *Watch) Until(ctx context.Context, name string, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	var met *corev1.Pod
	check := func(p *corev1.Pod) (bool, error) {
		ok, err := cond(p)
		if ok || err != nil {
			met = p
		}
		return ok, err
	}
	err := t.wait(ctx, name, &waiter{pod: func(p *corev1.Pod, deleted bool) (bool, error) {
		switch {
		case p.Name != name || t.stale[p.UID]:
			return false, nil
		case deleted:
			return false, fmt.Errorf("pod/%s %w", name, kube.ErrDeleted)
		}
		return check(p)
	}}, func() (bool, error) {
		if p, ok := t.pods[name]; ok {
			return check(p)
		}
		return false, nil
	})
	if met == nil {
		return t.Pod(name), err
	}
	return met, err
}

// UntilGone waits, on the timeline's own watch, until no Pod called name
// is there: at once when it saw it deleted already. A Pod it has neither
// seen nor seen go (just made, its watch event not here yet) it asks the
// API about, holding its lock so that no change comes between the answer
// and the wait: not found is gone at once; found, the watch will tell it
// and its deletion.
func (t *Watch) UntilGone(ctx context.Context, name string) error {
	return t.wait(ctx, name, &waiter{pod: func(p *corev1.Pod, deleted bool) (bool, error) {
		return deleted && p.Name == name, nil
	}}, func() (bool, error) {
		switch {
		case t.pods[name] != nil:
			return false, nil
		case t.gone[name]:
			return true, nil
		}
		_, err := t.cfg.Client.CoreV1().Pods(t.cfg.Namespace).Get(ctx, name, metav1.GetOptions{})
		switch {
		case kube.IsNotFound(err):
			return true, nil
		case err != nil:
			return false, kube.Explain(err)
		}
		return false, nil
	})
}

// UntilReplaced waits, on the timeline's own watch, for a Pod called name
// with a UID other than old, not being deleted, that meets cond: as when a
// kubelet publishes a mirror Pod again.
func (t *Watch) UntilReplaced(ctx context.Context, name string, old types.UID, cond func(*corev1.Pod) bool) (*corev1.Pod, error) {
	var back *corev1.Pod
	check := func(p *corev1.Pod) bool {
		if p.Name == name && p.UID != old && p.DeletionTimestamp == nil && !t.stale[p.UID] && cond(p) {
			back = p
		}
		return back != nil
	}
	err := t.wait(ctx, name, &waiter{pod: func(p *corev1.Pod, deleted bool) (bool, error) {
		return !deleted && check(p), nil
	}}, func() (bool, error) {
		p := t.pods[name]
		return p != nil && check(p), nil
	})
	return back, err
}

// UntilEvent waits, on the timeline's own watch, for an Event of reason
// about the Pod called pod with UID uid (it may be there already).
func (t *Watch) UntilEvent(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	var found *corev1.Event
	match := func(ev *corev1.Event) bool {
		o := ev.InvolvedObject
		if ev.Reason == reason && o.Kind == "Pod" && o.Name == pod && o.UID == uid {
			found = ev
		}
		return found != nil
	}
	err := t.wait(ctx, pod, &waiter{event: match}, func() (bool, error) {
		for _, ev := range t.events {
			if match(ev) {
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}
