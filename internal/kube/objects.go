package kube

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// Grace is the grace period kpod deletes its Pods with, like `kubectl delete --now`.
const Grace = 1

// Get fetches a Pod, Service or ConfigMap: the kinds kpod creates and cleans up.
func Get(ctx context.Context, c kubernetes.Interface, ns, kind, name string) (metav1.Object, error) {
	switch kind {
	case "Pod":
		return c.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	case "Service":
		return c.CoreV1().Services(ns).Get(ctx, name, metav1.GetOptions{})
	case "ConfigMap":
		return c.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	}
	return nil, fmt.Errorf("kpod does not handle kind %s", kind)
}

// noServiceAccountYet reports the ServiceAccount admission plugin refusing a
// Pod whose ServiceAccount is not made yet: a plain Forbidden whose message is
// the only thing that tells it from an RBAC refusal.
func noServiceAccountYet(err error) bool {
	return apierrors.IsForbidden(err) && strings.Contains(err.Error(), "error looking up service account")
}

// Create creates obj, which must be a Pod, Service or ConfigMap.
func Create(ctx context.Context, c kubernetes.Interface, ns string, obj runtime.Object) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Once sent, a create is let finish even if ctx ends (Ctrl-C): else the
	// server may make the object after the cleanup looked for it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var err error
	switch o := obj.(type) {
	case *corev1.Pod:
		_, err = c.CoreV1().Pods(ns).Create(ctx, o, metav1.CreateOptions{})
		// A namespace made a moment ago may not have its ServiceAccount
		// yet (the controller manager makes it): wait for it, then retry.
		if noServiceAccountYet(err) {
			sa := o.Spec.ServiceAccountName
			if sa == "" {
				sa = "default"
			}
			if WaitServiceAccount(ctx, c, ns, sa, 20*time.Second) == nil {
				_, err = c.CoreV1().Pods(ns).Create(ctx, o, metav1.CreateOptions{})
			}
		}
	case *corev1.Service:
		_, err = c.CoreV1().Services(ns).Create(ctx, o, metav1.CreateOptions{})
	case *corev1.ConfigMap:
		_, err = c.CoreV1().ConfigMaps(ns).Create(ctx, o, metav1.CreateOptions{})
	default:
		kind := "this kind"
		if gvks, _, err := scheme.Scheme.ObjectKinds(obj); err == nil {
			kind = gvks[0].Kind
		}
		return fmt.Errorf("kpod does not handle %s", kind)
	}
	return Explain(err)
}

// Delete deletes one object; for a Pod it waits until the Pod is gone.
// An object that is already gone is not an error.
func Delete(ctx context.Context, c kubernetes.Interface, ns, kind, name string, timeout time.Duration) error {
	sent, err := Remove(ctx, c, ns, kind, name)
	if err != nil || !sent || kind != "Pod" {
		return err
	}
	return WaitGone(ctx, c, ns, name, timeout)
}

// Remove sends the delete of one object and does not wait; sent is false
// when it was gone already.
func Remove(ctx context.Context, c kubernetes.Interface, ns, kind, name string) (sent bool, err error) {
	switch kind {
	case "Pod":
		grace := int64(Grace)
		err = c.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{GracePeriodSeconds: &grace})
	case "Service":
		err = c.CoreV1().Services(ns).Delete(ctx, name, metav1.DeleteOptions{})
	case "ConfigMap":
		err = c.CoreV1().ConfigMaps(ns).Delete(ctx, name, metav1.DeleteOptions{})
	default:
		return false, fmt.Errorf("kpod does not handle kind %s", kind)
	}
	if IsNotFound(err) {
		return false, nil
	}
	return err == nil, Explain(err)
}

// DeleteAll deletes objects at once and waits, on one watch for each
// namespace, until their Pods are gone; errs[i] is the outcome for objs[i].
func DeleteAll(ctx context.Context, c kubernetes.Interface, objs []Object, timeout time.Duration) []error {
	sent, errs := RemoveAll(ctx, c, objs)
	pods := map[string]map[string]int{} // namespace → Pod name → index in objs
	for i, o := range objs {
		if sent[i] && o.Kind == "Pod" {
			if pods[o.Namespace] == nil {
				pods[o.Namespace] = map[string]int{}
			}
			pods[o.Namespace][o.Name] = i
		}
	}
	for ns, names := range pods {
		for name, err := range waitAllGone(ctx, c, ns, names, timeout) {
			errs[names[name]] = err
		}
	}
	return errs
}

// RemoveAll asks for every object's deletion at once and does not wait
// for a Pod to stop: sent[i] tells whether objs[i] was there to delete.
func RemoveAll(ctx context.Context, c kubernetes.Interface, objs []Object) (sent []bool, errs []error) {
	errs = make([]error, len(objs))
	sent = make([]bool, len(objs))
	var wg sync.WaitGroup
	for i, o := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent[i], errs[i] = Remove(ctx, c, o.Namespace, o.Kind, o.Name)
		}()
	}
	wg.Wait()
	return sent, errs
}

// waitAllGone watches the Pods of ns until none of names is left or timeout
// passes, and returns an error for each name still there.
func waitAllGone(ctx context.Context, c kubernetes.Interface, ns string, names map[string]int, timeout time.Duration) map[string]error {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	left := map[string]bool{}
	for name := range names {
		left[name] = true
	}
	_, err := watchtools.UntilWithSync(wctx, PodListWatch(c, ns, "", ""), &corev1.Pod{},
		func(store cache.Store) (bool, error) {
			for name := range left {
				if _, there, err := store.GetByKey(ns + "/" + name); err != nil {
					return false, err
				} else if !there {
					delete(left, name)
				}
			}
			return len(left) == 0, nil
		},
		func(e watch.Event) (bool, error) {
			if pod, ok := e.Object.(*corev1.Pod); ok && e.Type == watch.Deleted {
				delete(left, pod.Name)
			}
			return len(left) == 0, nil
		})
	if err == nil || len(left) == 0 {
		return nil
	}
	out := map[string]error{}
	for name := range left {
		out[name] = err
		if wctx.Err() != nil {
			out[name] = ForGone.TimedOut(text.Facts{"Pod": name}, timeout)
		}
	}
	return out
}

// Labelled lists the Pods, Services and ConfigMaps in ns ("" for all) that match selector.
func Labelled(ctx context.Context, c kubernetes.Interface, ns, selector string) ([]Object, error) {
	var out []Object
	opts := metav1.ListOptions{LabelSelector: selector}
	pods, err := c.CoreV1().Pods(ns).List(ctx, opts)
	if err != nil {
		return nil, Explain(err)
	}
	for _, o := range pods.Items {
		out = append(out, Object{Kind: "Pod", Namespace: o.Namespace, Name: o.Name, Labels: o.Labels})
	}
	svcs, err := c.CoreV1().Services(ns).List(ctx, opts)
	if err != nil {
		return nil, Explain(err)
	}
	for _, o := range svcs.Items {
		out = append(out, Object{Kind: "Service", Namespace: o.Namespace, Name: o.Name, Labels: o.Labels})
	}
	cms, err := c.CoreV1().ConfigMaps(ns).List(ctx, opts)
	if err != nil {
		return nil, Explain(err)
	}
	for _, o := range cms.Items {
		out = append(out, Object{Kind: "ConfigMap", Namespace: o.Namespace, Name: o.Name, Labels: o.Labels})
	}
	return out, nil
}

// Object names an object in a namespace (Labels: as Labelled found it).
type Object struct {
	Kind, Namespace, Name string
	Labels                map[string]string
}
