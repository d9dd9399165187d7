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
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var found *corev1.Pod
	check := func(p *corev1.Pod) bool {
		if p.Name != name || p.UID == old || p.DeletionTimestamp != nil || cond != nil && !cond(p) {
			return false
		}
		found = p
		return true
	}
	_, err := watchtools.UntilWithSync(wctx, PodListWatch(client, ns, "", name), &corev1.Pod{},
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
	if ranOut(ctx, wctx, err) {
		return nil, ForReplaced.TimedOut(text.Facts{"Pod": name}, timeout)
	}
	if err != nil {
		return nil, err
	}
	return found, nil
}
