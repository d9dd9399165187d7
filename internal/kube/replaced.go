package kube

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/text"
)

// WaitReplaced watches until a Pod named name with a UID other than old
// exists, is not being deleted and meets cond (nil: any), as when a kubelet
// publishes a mirror Pod again after it was deleted through the API. It
// returns that Pod.
func WaitReplaced(ctx context.Context, client kubernetes.Interface, ns, name string, old types.UID, timeout time.Duration, cond func(*corev1.Pod) bool) (*corev1.Pod, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var found *corev1.Pod
	check := func(p *corev1.Pod) bool {
		if p.Name != name || p.UID == old || p.DeletionTimestamp != nil || cond != nil && !cond(p) {
			return false
		}
		found = p
		return true
	}
	_, err := watchtools.UntilWithSync(ctx, PodListWatch(client, ns, "", name), &corev1.Pod{},
		func(store cache.Store) (bool, error) {
			for _, o := range store.List() {
				if p, ok := o.(*corev1.Pod); ok && check(p) {
					return true, nil
				}
			}
			return false, nil
		},
		func(e watch.Event) (bool, error) {
			p, ok := e.Object.(*corev1.Pod)
			return ok && e.Type != watch.Deleted && check(p), nil
		})
	if err != nil {
		if ctx.Err() != nil {
			return nil, NotReplaced(name, timeout)
		}
		return nil, err
	}
	return found, nil
}

// NotReplaced is the error of a wait for the Pod called name to come back
// that ran out of time after timeout.
func NotReplaced(name string, timeout time.Duration) error {
	return Words.Err("err.kube.notreplaced", text.Facts{"Pod": name, "Wait": timeout}).Because(ErrTimeout)
}
