package diagnose

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// fine: no cause above explains the Pod. It is healthy, on its way, or in
// a state kpod does not know, which it says without guessing. It always
// matches, so it comes last.
type fine struct{}

func (fine) match(d *diag) bool { return true }

func (fine) explain(d *diag) {
	pod := d.pod
	d.facts.Container = ""
	warned := false
	for _, e := range d.events {
		warned = warned || e.Type == corev1.EventTypeWarning
	}
	ready := kube.Condition(pod, corev1.PodReady) == corev1.ConditionTrue
	switch {
	case pod.DeletionTimestamp != nil:
	case pod.Status.Phase == corev1.PodSucceeded:
		d.set(Healthy, "succeeded")
		d.addField("{.status.phase}", string(pod.Status.Phase))
		return
	case pod.Status.Phase == corev1.PodRunning && ready:
		d.set(Healthy, "ready")
		d.addField(`{.status.conditions[?(@.type=="Ready")].status}`, "True")
		return
	case pod.Status.Phase == corev1.PodPending && !warned && startingState(pod):
		d.set(Starting, "")
		d.addField("{.status.phase}", string(pod.Status.Phase))
		return
	}
	d.set(Unknown, "")
	d.facts.Seen = seen(pod, d.out.State)
	d.addField("{.status.phase}", string(pod.Status.Phase))
	for i := len(d.events) - 1; i >= 0; i-- {
		if d.events[i].Type == corev1.EventTypeWarning {
			d.addEvent(&d.events[i])
			break
		}
	}
}

// startingState reports whether every container is waiting for a reason that
// means progress.
func startingState(pod *corev1.Pod) bool {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			if w := c.State.Waiting; w != nil && w.Reason != "" && w.Reason != "ContainerCreating" && w.Reason != "PodInitializing" {
				return false
			}
		}
	}
	return true
}

// seen says what kpod sees, in the cluster's own words.
func seen(pod *corev1.Pod, state string) string {
	parts := []string{"phase " + orNone(string(pod.Status.Phase)), "STATUS " + state, "READY " + kube.Ready(pod)}
	if pod.DeletionTimestamp != nil {
		parts = append(parts, "deletionTimestamp "+pod.DeletionTimestamp.UTC().Format(time.RFC3339))
	}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			s := "container " + c.Name + ": "
			switch {
			case c.State.Waiting != nil:
				s += "waiting " + c.State.Waiting.Reason
			case c.State.Running != nil:
				s += "running"
			case c.State.Terminated != nil:
				s += fmt.Sprintf("terminated %s exit code %d", c.State.Terminated.Reason, c.State.Terminated.ExitCode)
			default:
				s += "no state"
			}
			if c.RestartCount > 0 {
				s += fmt.Sprintf(", %d restarts", c.RestartCount)
			}
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return clip(strings.Join(parts, "; "), 600)
}

func orNone(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}
