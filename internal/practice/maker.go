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
)

// A maker makes and removes practice's objects in one namespace: a
// drill's setup, the steps lint --cluster plays.
type maker struct {
	clients   *kube.Clients
	namespace string
}

// play applies, waits and execs as steps say; an Apply's manifests are
// filled from the World snapshot reads then.
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

// waitReady watches the Pod called name until it is Ready, as long as a
// lesson waits.
func (m maker) waitReady(ctx context.Context, name string) error {
	_, err := kube.WaitPod(ctx, m.clients.Client, m.namespace, name, lessons.DefaultTimeout, func(p *corev1.Pod) (bool, error) {
		return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
	})
	if err != nil {
		return fmt.Errorf("pod/%s did not become Ready: %w", name, err)
	}
	return nil
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
			err = kube.WaitGone(ctx, m.clients.Client, ns, name, lessons.DefaultTimeout)
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
