package kube

import (
	"bufio"
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/text"
)

// WaitEvent watches until an Event of reason about the Pod called pod, with
// UID uid, is there (it may be there already) or timeout passes, and
// returns it.
func WaitEvent(ctx context.Context, client kubernetes.Interface, ns, pod string, uid types.UID, reason string, timeout time.Duration) (*corev1.Event, error) {
	sel := fields.Set{
		"involvedObject.kind": "Pod", "involvedObject.name": pod,
		"involvedObject.uid": string(uid), "reason": reason,
	}.AsSelector().String()
	events := client.CoreV1().Events(ns)
	lw := Selected(client, metav1.ListOptions{FieldSelector: sel}, events.List, events.Watch)
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var found *corev1.Event
	about := func(ev *corev1.Event) bool { // what the selector asks, for servers that ignore it
		return ev.Reason == reason && ev.InvolvedObject.Name == pod && ev.InvolvedObject.UID == uid
	}
	_, err := watchtools.UntilWithSync(wctx, lw, &corev1.Event{},
		func(store cache.Store) (bool, error) {
			for _, o := range store.List() {
				if ev := o.(*corev1.Event); about(ev) {
					found = ev
				}
			}
			return found != nil, nil
		},
		func(e watch.Event) (bool, error) {
			if ev, ok := e.Object.(*corev1.Event); ok && (e.Type == watch.Added || e.Type == watch.Modified) && about(ev) {
				found = ev
				return true, nil
			}
			return false, nil
		})
	if ranOut(ctx, wctx, err) {
		return nil, ForEvent.TimedOut(text.Facts{"Pod": pod, "Reason": reason}, timeout)
	}
	return found, err
}

// FollowLog reads a container's log as it grows, like `kubectl logs -f`,
// and hands each line to line until it returns true (done) or the log
// ends (done false).
func FollowLog(ctx context.Context, client kubernetes.Interface, ns, pod, container string, line func(string) bool) (done bool, err error) {
	opts := &corev1.PodLogOptions{Container: container, Follow: true}
	stream, err := client.CoreV1().Pods(ns).GetLogs(pod, opts).Stream(ctx)
	if err != nil {
		return false, Explain(err)
	}
	defer stream.Close()
	sc := bufio.NewScanner(stream)
	for sc.Scan() {
		if line(sc.Text()) {
			return true, nil
		}
	}
	return false, ctx.Err()
}

// MergePatch applies a JSON merge patch to an object of one of Kinds, like
// `kubectl patch KIND NAME -p PATCH`.
func MergePatch(ctx context.Context, c kubernetes.Interface, ns, kind, name string, patch []byte) error {
	var err error
	switch kind {
	case "Pod":
		_, err = c.CoreV1().Pods(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	case "Service":
		_, err = c.CoreV1().Services(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	case "ConfigMap":
		_, err = c.CoreV1().ConfigMaps(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	default:
		return fmt.Errorf("kpod does not handle kind %s", kind)
	}
	return Explain(err)
}

// Allocatable reads what the node offers Pods (status.allocatable).
func Allocatable(ctx context.Context, c kubernetes.Interface, node string) (corev1.ResourceList, error) {
	n, err := c.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})
	if err != nil {
		return nil, Explain(err)
	}
	return n.Status.Allocatable, nil
}
