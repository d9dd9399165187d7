package practice

// Conditions on resources: QoS, limits, OOM kills and scheduling.

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// QoS holds when the Pod is in the given QoS class.
func QoS(class corev1.PodQOSClass) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if p.Status.QOSClass == class {
			return nil
		}
		return why("qos", text.Facts{"Want": string(class), "Got": string(p.Status.QOSClass)})
	}
}

// MemoryLimit holds when a container has a memory limit.
func MemoryLimit(w *World, p *corev1.Pod) *Why {
	for _, c := range p.Spec.Containers {
		if _, ok := c.Resources.Limits[corev1.ResourceMemory]; ok {
			return nil
		}
	}
	return why("memory-limit", nil)
}

// OOMKilled holds when a container was killed for going over its memory
// limit: reason OOMKilled, or, where the runtime missed the OOM event and
// says Error (containerd on kind does, when the kernel kills a child of
// PID 1), exit code 137 in a container with a memory limit and no
// liveness probe (nothing else there sends SIGKILL).
func OOMKilled(w *World, p *corev1.Pod) *Why {
	for _, cs := range p.Status.ContainerStatuses {
		spec := specOf(p, cs.Name)
		for _, t := range []*corev1.ContainerStateTerminated{cs.State.Terminated, cs.LastTerminationState.Terminated} {
			if t == nil {
				continue
			}
			if t.Reason == "OOMKilled" {
				return nil
			}
			if t.Reason == "Error" && t.ExitCode == 137 && spec != nil && spec.LivenessProbe == nil && !spec.Resources.Limits.Memory().IsZero() {
				return nil
			}
		}
	}
	return why("oomkilled", text.Facts{"Status": kube.PodStatus(p)})
}

// Unschedulable holds when the scheduler found no node for the Pod.
func Unschedulable(w *World, p *corev1.Pod) *Why {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			return nil
		}
	}
	if p.Spec.NodeName != "" {
		return why("scheduled", text.Facts{"Node": p.Spec.NodeName})
	}
	return why("unschedulable", text.Facts{"Status": kube.PodStatus(p)})
}

// UnschedulableFor holds when the scheduler found no node for the Pod
// because no node has enough of resource (its message says "Insufficient
// cpu"), not for some other reason.
func UnschedulableFor(resource string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if y := Unschedulable(w, p); y != nil {
			return y
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodScheduled && strings.Contains(c.Message, "Insufficient "+resource) {
				return nil
			}
			if c.Type == corev1.PodScheduled {
				return why("unschedulable-for", text.Facts{"Want": resource, "Got": c.Message})
			}
		}
		return why("unschedulable-for", text.Facts{"Want": resource})
	}
}
