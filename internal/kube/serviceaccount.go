package kube

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
)

// WaitServiceAccount watches until ServiceAccount name exists in ns, for
// at most timeout. The controller manager makes a new namespace's
// default ServiceAccount; until then the API server refuses Pods there.
func WaitServiceAccount(ctx context.Context, c kubernetes.Interface, ns, name string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sel := fields.OneTermEqualSelector("metadata.name", name).String()
	accounts := c.CoreV1().ServiceAccounts(ns)
	lw := ListWatch(c, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		o.FieldSelector = sel
		return accounts.List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		o.FieldSelector = sel
		return accounts.Watch(ctx, o)
	})
	_, err := watchtools.UntilWithSync(ctx, lw, &corev1.ServiceAccount{},
		func(store cache.Store) (bool, error) { return len(store.List()) > 0, nil },
		func(watch.Event) (bool, error) { return true, nil })
	return err
}
