package timeline

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// phaseTime returns when pod entered its phase, as its own status tells it:
// Pending at its creation, Running when its last container started, Succeeded
// or Failed when its last container ended. It returns zero (now) when the
// status does not say. status.startTime is not it: that is when the kubelet
// first took the Pod, long before Running. A mirror Pod made again keeps its
// static Pod's times, from before it was made: narrator.note says it now.
func phaseTime(pod *corev1.Pod) time.Time {
	var at time.Time
	later := func(t time.Time) {
		if t.After(at) {
			at = t
		}
	}
	switch pod.Status.Phase {
	case corev1.PodPending:
		return pod.CreationTimestamp.Time
	case corev1.PodRunning:
		for _, c := range pod.Status.ContainerStatuses {
			if c.State.Running != nil {
				later(c.State.Running.StartedAt.Time)
			}
		}
	case corev1.PodSucceeded, corev1.PodFailed:
		for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
			for _, c := range list {
				if c.State.Terminated != nil {
					later(c.State.Terminated.FinishedAt.Time)
				}
			}
		}
	}
	if !at.IsZero() && at.Before(pod.CreationTimestamp.Time) && !kube.IsMirror(pod) {
		return pod.CreationTimestamp.Time
	}
	return at
}
