package kube

import (
	"context"
	"maps"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/text"
)

// ErrDeleted is in the chain of the error a watch gives when the object it
// follows is deleted: "pod/web was deleted".
var ErrDeleted = words.Err("err.kube.gone", nil)

// ErrTimeout is the cause of every error Timeout makes: errors.Is(err,
// ErrTimeout) says a wait ran out of time.
var ErrTimeout = words.Err("err.kube.timedout", nil)

// Timeout returns the error of a wait that ran out of time after waiting for
// wait. what says what did not happen in time: one of kube's Wait keys, or a
// caller's own error such as a lesson's err.lesson.wait. The error gets
// what's facts plus Wait, and ErrTimeout as its cause, so
// errors.Is(err, ErrTimeout) is true.
func Timeout(what *text.Error, wait time.Duration) error {
	facts := text.Facts{"Wait": wait}
	maps.Copy(facts, what.Facts)
	return &text.Error{Key: what.Key, Facts: facts, Words: what.Words, Err: ErrTimeout}
}

// A Wait is a kind of wait, named by the message key of its timeout
// error.
type Wait string

// The kinds of wait that kube's own waits and a lesson's waits share, so
// that both say a timeout in the same words.
const (
	ForPod  Wait = "err.kube.timeout"    // a Pod to meet a condition (WaitPod)
	ForGone Wait = "err.kube.stillthere" // a Pod to go (WaitGone)
)

// TimedOut returns the error of a wait of kind w that ran out of time after
// waiting for wait; facts name its Pod.
func (w Wait) TimedOut(facts text.Facts, wait time.Duration) error {
	return Timeout(words.Err(string(w), facts), wait)
}

// PodListWatch lists and watches the Pods of a namespace that match a label
// selector (may be empty) and, when name is set, that one Pod.
func PodListWatch(client kubernetes.Interface, ns, selector, name string) cache.ListerWatcher {
	opts := func(o *metav1.ListOptions) {
		o.LabelSelector = selector
		if name != "" {
			o.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
		}
	}
	return ListWatch(client, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		opts(&o)
		return client.CoreV1().Pods(ns).List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		opts(&o)
		return client.CoreV1().Pods(ns).Watch(ctx, o)
	})
}

// EventListWatch lists and watches the Events about Pods in a namespace.
func EventListWatch(client kubernetes.Interface, ns string) cache.ListerWatcher {
	sel := fields.OneTermEqualSelector("involvedObject.kind", "Pod").String()
	return ListWatch(client, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		o.FieldSelector = sel
		return client.CoreV1().Events(ns).List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		o.FieldSelector = sel
		return client.CoreV1().Events(ns).Watch(ctx, o)
	})
}

// Selected lists and watches the objects a typed client's List and Watch
// give (Events(ns).List, Events(ns).Watch ...), narrowed by the selectors
// in sel, for an informer or watchtools.UntilWithSync.
func Selected[L runtime.Object](client kubernetes.Interface, sel metav1.ListOptions,
	list func(context.Context, metav1.ListOptions) (L, error),
	watchFn func(context.Context, metav1.ListOptions) (watch.Interface, error)) cache.ListerWatcher {
	narrow := func(o metav1.ListOptions) metav1.ListOptions {
		if sel.LabelSelector != "" {
			o.LabelSelector = sel.LabelSelector
		}
		if sel.FieldSelector != "" {
			o.FieldSelector = sel.FieldSelector
		}
		return o
	}
	return ListWatch(client, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		return list(ctx, narrow(o))
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		return watchFn(ctx, narrow(o))
	})
}

// ListWatch wraps list and watch functions for an informer, telling it
// whether the client can stream its initial list (a fake clientset cannot).
func ListWatch(client kubernetes.Interface, list cache.ListWithContextFunc, watchFn cache.WatchFuncWithContext) cache.ListerWatcher {
	return cache.ToListWatcherWithWatchListSemantics(&cache.ListWatch{ListWithContextFunc: list, WatchFuncWithContext: watchFn}, client)
}

// WaitPod watches one Pod until cond says it is done, the Pod is deleted
// (ErrDeleted), or timeout passes (ErrTimeout); when ctx ends first, the
// error is ctx's, not a timeout.
func WaitPod(ctx context.Context, client kubernetes.Interface, ns, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last *corev1.Pod
	ev, err := watchtools.UntilWithSync(wctx, PodListWatch(client, ns, "", name), &corev1.Pod{}, nil,
		func(e watch.Event) (bool, error) {
			pod, ok := e.Object.(*corev1.Pod)
			if !ok || pod.Name != name {
				return false, nil
			}
			if e.Type == watch.Deleted {
				return false, words.Err("err.kube.deleted", text.Facts{"Pod": name}).Because(ErrDeleted)
			}
			last = pod
			return cond(pod)
		})
	switch {
	case ranOut(ctx, wctx, err):
		return last, ForPod.TimedOut(text.Facts{"Pod": name}, timeout)
	case err != nil && ctx.Err() != nil:
		return last, ctx.Err()
	case err != nil:
		return last, err
	}
	return ev.Object.(*corev1.Pod), nil
}

// WaitGone watches until the Pod named name is gone or timeout passes.
func WaitGone(ctx context.Context, client kubernetes.Interface, ns, name string, timeout time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err := watchtools.UntilWithSync(wctx, PodListWatch(client, ns, "", name), &corev1.Pod{},
		func(store cache.Store) (bool, error) {
			_, exists, err := store.Get(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}})
			return !exists, err
		},
		func(e watch.Event) (bool, error) {
			pod, ok := e.Object.(*corev1.Pod)
			return ok && pod.Name == name && e.Type == watch.Deleted, nil
		})
	if ranOut(ctx, wctx, err) {
		return ForGone.TimedOut(text.Facts{"Pod": name}, timeout)
	}
	return err
}

// ranOut reports whether err ended a wait because its own time, wctx
// (made from ctx), ran out: not because ctx ended.
func ranOut(ctx, wctx context.Context, err error) bool {
	return err != nil && ctx.Err() == nil && wctx.Err() != nil
}

// IsNotFound reports whether err says the object does not exist.
func IsNotFound(err error) bool { return apierrors.IsNotFound(err) }

// IsForbidden reports whether err is the API server's 403.
func IsForbidden(err error) bool { return apierrors.IsForbidden(err) }

// IsAlreadyExists reports whether err says the object exists already.
func IsAlreadyExists(err error) bool { return apierrors.IsAlreadyExists(err) }
