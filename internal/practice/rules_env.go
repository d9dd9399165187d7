package practice

// Rules on a container's environment variables.

import (
	"context"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// envVar finds the variable name in the Pod's containers.
func envVar(p *corev1.Pod, name string) (corev1.EnvVar, bool) {
	for _, c := range p.Spec.Containers {
		for _, e := range c.Env {
			if e.Name == name {
				return e, true
			}
		}
	}
	return corev1.EnvVar{}, false
}

// Env holds when a container sets the variable name to value.
func Env(name, value string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		switch {
		case !ok:
			return why("env-missing", text.Facts{"Name": name})
		case e.ValueFrom != nil || e.Value != value:
			return why("env-value", text.Facts{"Name": name, "Want": value, "Got": e.Value})
		}
		return nil
	}
}

// EnvPrefix holds when a container sets the variable name to a value that
// starts with prefix and has more after it.
func EnvPrefix(name, prefix string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		switch {
		case !ok:
			return why("env-missing", text.Facts{"Name": name})
		case !strings.HasPrefix(e.Value, prefix) || len(e.Value) == len(prefix):
			return why("env-prefix", text.Facts{"Name": name, "Want": prefix, "Got": e.Value})
		}
		return nil
	}
}

// EnvField holds when a container takes the variable name from the
// Downward API field fieldPath (spec.nodeName ...).
func EnvField(name, fieldPath string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		if !ok {
			return why("env-missing", text.Facts{"Name": name})
		}
		if e.ValueFrom != nil && e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == fieldPath {
			return nil
		}
		return why("env-field", text.Facts{"Name": name, "Want": fieldPath})
	}
}

// EnvFromConfigMap holds when a container takes the variable name from a
// key of the ConfigMap configMap.
func EnvFromConfigMap(name, configMap string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		if !ok {
			return why("env-missing", text.Facts{"Name": name})
		}
		if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil && e.ValueFrom.ConfigMapKeyRef.Name == configMap {
			return nil
		}
		return why("env-configmap", text.Facts{"Name": name, "Want": configMap})
	}
}
