package practice

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// A maker makes and removes practice's objects in one namespace: a
// drill's setup, the steps lint --cluster plays. Its steps wait on the
// namespace's timeline, as a lesson's do.
type maker struct {
	clients   *kube.Clients
	namespace string
	pods      *timeline.Watch // the namespace's Pods, watched (nil: a step that waits ends with timeline.ErrNotWatching)
}

// play applies, waits and execs as steps say; it fills an Apply's manifests
// from the World that snapshot reads at that moment.
func (m maker) play(ctx context.Context, steps []Step, snapshot func(context.Context) (*World, error)) error {
	for _, st := range steps {
		switch {
		case st.Apply != "":
			w, err := snapshot(ctx)
			if err != nil {
				return err
			}
			if err := m.apply(ctx, st.Apply, w); err != nil {
				return err
			}
		case st.Ready != "":
			if err := m.waitReady(ctx, st.Ready); err != nil {
				return err
			}
		case st.Delete != "":
			if err := m.remove(ctx, st.Delete); err != nil {
				return err
			}
		case st.Exec != nil:
			if _, errOut, err := m.clients.Exec(ctx, m.namespace, st.Exec.Pod, st.Exec.Container, st.Exec.Command); err != nil {
				return fmt.Errorf("exec in pod/%s: %v %s", st.Exec.Pod, err, errOut)
			}
		}
	}
	return nil
}

// apply makes the objects of manifests (filled from w).
func (m maker) apply(ctx context.Context, body string, w *World) error {
	out, err := w.render(body)
	if err != nil {
		return err
	}
	objs, err := Manifests([]byte(out))
	if err != nil {
		return err
	}
	for _, o := range objs {
		if err := m.create(ctx, o); err != nil {
			return kube.Explain(err)
		}
	}
	return nil
}

// create makes o, a Pod, Service, ConfigMap or Secret.
func (m maker) create(ctx context.Context, o runtime.Object) error {
	core, ns := m.clients.Client.CoreV1(), m.namespace
	var err error
	opts := metav1.CreateOptions{}
	switch o := o.(type) {
	case *corev1.Pod:
		_, err = core.Pods(ns).Create(ctx, o, opts)
	case *corev1.Service:
		_, err = core.Services(ns).Create(ctx, o, opts)
	case *corev1.ConfigMap:
		_, err = core.ConfigMaps(ns).Create(ctx, o, opts)
	case *corev1.Secret:
		_, err = core.Secrets(ns).Create(ctx, o, opts)
	}
	return err
}

// waitReady waits on the timeline until the Pod called name is Ready, as
// long as a lesson waits.
func (m maker) waitReady(ctx context.Context, name string) error {
	err := m.within(ctx, kube.ForPod, name, func(ctx context.Context) error {
		_, err := m.pods.Until(ctx, name, func(p *corev1.Pod) (bool, error) {
			return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("pod/%s did not become Ready: %w", name, err)
	}
	return nil
}

// within runs wait, a wait for the Pod called name, as long as a lesson
// waits; when that time runs out it is w's timeout, when ctx ends ctx's
// error.
func (m maker) within(ctx context.Context, w kube.Wait, name string, wait func(context.Context) error) error {
	wctx, cancel := context.WithTimeout(ctx, lessons.DefaultTimeout)
	defer cancel()
	err := wait(wctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case wctx.Err() != nil:
		return w.TimedOut(text.Facts{"Pod": name}, lessons.DefaultTimeout)
	}
	return err
}

var deletable = map[string]bool{"pod": true, "service": true, "configmap": true, "secret": true}

// remove deletes kind/name and waits until it is gone (a Pod of the same
// name may come next).
func (m maker) remove(ctx context.Context, what string) error {
	kind, name, _ := strings.Cut(what, "/")
	core, ns := m.clients.Client.CoreV1(), m.namespace
	now := metav1.DeleteOptions{GracePeriodSeconds: new(int64)}
	var err error
	switch kind {
	case "pod":
		err = core.Pods(ns).Delete(ctx, name, now)
		if err == nil {
			err = m.within(ctx, kube.ForGone, name, func(ctx context.Context) error { return m.pods.UntilGone(ctx, name) })
		}
	case "service":
		err = core.Services(ns).Delete(ctx, name, now)
	case "configmap":
		err = core.ConfigMaps(ns).Delete(ctx, name, now)
	case "secret":
		err = core.Secrets(ns).Delete(ctx, name, now)
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, kube.Explain(err))
	}
	return nil
}

// setUp makes a drill's broken objects, unless they are there already
// (the student may be fixing them), and names what it made.
func (m maker) setUp(ctx context.Context, t Task, w *World) ([]string, error) {
	out, err := w.render(t.Setup)
	if err != nil {
		return nil, err
	}
	objs, err := Manifests([]byte(out))
	if err != nil {
		return nil, err
	}
	var made []string
	for _, o := range objs {
		err := m.create(ctx, o)
		switch {
		case kube.IsAlreadyExists(err):
		case err != nil:
			return made, kube.Explain(err)
		default:
			made = append(made, objectName(o))
		}
	}
	return made, nil
}
