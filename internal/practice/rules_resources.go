package practice

// Rules on resources: QoS, limits, OOM kills and scheduling.

import (
	"context"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// QoS holds when the Pod is in the given QoS class.
func QoS(class corev1.PodQOSClass) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if p.Status.QOSClass == class {
			return nil
		}
		return why("qos", text.Facts{"Want": string(class), "Got": string(p.Status.QOSClass)})
	}
}

// MemoryLimit holds when a container has a memory limit.
func MemoryLimit(ctx context.Context, w *World, p *corev1.Pod) *Why {
	for _, c := range p.Spec.Containers {
		if _, ok := c.Resources.Limits[corev1.ResourceMemory]; ok {
			return nil
		}
	}
	return why("memory-limit", nil)
}

// OOMKilled holds when a container was killed for going over its memory
// limit (kube.OOMKilled: on kind, containerd may say Error, exit code 137).
func OOMKilled(ctx context.Context, w *World, p *corev1.Pod) *Why {
	for _, cs := range p.Status.ContainerStatuses {
		spec := kube.ContainerSpec(p, cs.Name)
		if kube.OOMKilled(spec, cs.State.Terminated) || kube.OOMKilled(spec, cs.LastTerminationState.Terminated) {
			return nil
		}
	}
	return why("oomkilled", text.Facts{"Status": kube.PodStatus(p)})
}

// Unschedulable holds when the scheduler found no node for the Pod.
func Unschedulable(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if kube.Unschedulable(p) != nil {
		return nil
	}
	if p.Spec.NodeName != "" {
		return why("scheduled", text.Facts{"Node": p.Spec.NodeName})
	}
	return why("unschedulable", text.Facts{"Status": kube.PodStatus(p)})
}

// UnschedulableFor holds when the scheduler found no node for the Pod
// because no node has enough of resource (its message says "Insufficient
// cpu"), not for some other reason.
func UnschedulableFor(resource string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if y := Unschedulable(ctx, w, p); y != nil {
			return y
		}
		if c := kube.Unschedulable(p); !strings.Contains(c.Message, "Insufficient "+resource) {
			return why("unschedulable-for", text.Facts{"Want": resource, "Got": c.Message})
		}
		return nil
	}
}
