package diagnose

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kpod-dev/kpod/internal/kube"
)

// StuckAfter is how long past its deletion a Pod must still be there for
// kpod to call it stuck.
const StuckAfter = 30 * time.Second

// terminating: the Pod was deleted and is still there, past its grace
// period: its node is gone (no kubelet confirms the end) or finalizers hold it.
func (d *diag) terminating() bool {
	pod := d.pod
	del := pod.DeletionTimestamp
	if del == nil || d.in.Now.IsZero() || d.in.Now.Sub(del.Time) < StuckAfter {
		return false
	}
	since := d.in.Now.Sub(del.Time).Round(time.Second).String()
	node := pod.Spec.NodeName
	gone := node != "" && (d.in.NodeGone || d.in.Node != nil && !nodeReady(d.in.Node))
	switch {
	case gone:
		d.set(Terminating, "node", func(f *Details) { f.Node, f.Since = node, since })
		d.addField("{.spec.nodeName}", node)
	case len(pod.Finalizers) > 0:
		d.set(Terminating, "finalizers", func(f *Details) {
			f.Finalizers, f.Since = strings.Join(pod.Finalizers, ", "), since
		})
		d.addField("{.metadata.finalizers}", jsonList(pod.Finalizers))
	default:
		d.set(Terminating, "other", func(f *Details) { f.Since = since })
	}
	d.addField("{.metadata.deletionTimestamp}", del.UTC().Format(time.RFC3339))
	return true
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// jsonList is what kubectl's JSONPath prints for a list of strings.
func jsonList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// evicted: the kubelet stopped the Pod to save its node (memory, disk) or
// the Pod went over its ephemeral-storage limit.
func (d *diag) evicted() bool {
	pod := d.pod
	if pod.Status.Reason != "Evicted" {
		return false
	}
	variant := "other"
	switch low := strings.ToLower(pod.Status.Message); {
	case strings.Contains(low, "ephemeral local storage"):
		variant = "storage"
	case strings.Contains(low, "low on resource"):
		variant = "node"
	}
	d.set(Evicted, variant, func(f *Details) { f.Message = sentence(pod.Status.Message, 300) })
	d.addEvent(d.lastEvent("", nil, "Evicted"))
	d.addField("{.status.reason}", pod.Status.Reason)
	d.addField("{.status.message}", pod.Status.Message)
	return true
}

// sandbox: the kubelet cannot make the Pod's sandbox (its pause container,
// network and runtime), so no container starts.
func (d *diag) sandbox() bool {
	pod := d.pod
	if pod.Spec.NodeName == "" || pod.Status.Phase != corev1.PodPending || !d.noneStarted() {
		return false
	}
	ev := d.lastEvent("", nil, "FailedCreatePodSandBox")
	if ev == nil {
		return false
	}
	variant := "other"
	switch {
	case strings.Contains(ev.Message, "no runtime for"):
		variant = "runtime-class"
	case containsAny(ev.Message, "network", "CNI", "cni"):
		variant = "network"
	}
	d.set(Sandbox, variant, func(f *Details) {
		f.Message = sentence(ev.Message, 300)
		if pod.Spec.RuntimeClassName != nil {
			f.Name = *pod.Spec.RuntimeClassName
		}
	})
	d.addEvent(ev)
	if pod.Spec.RuntimeClassName != nil {
		d.addField("{.spec.runtimeClassName}", *pod.Spec.RuntimeClassName)
	}
	return true
}

// noneStarted: no container of the Pod has run yet.
func (d *diag) noneStarted() bool {
	for _, list := range [][]corev1.ContainerStatus{d.pod.Status.InitContainerStatuses, d.pod.Status.ContainerStatuses} {
		for _, c := range list {
			if c.State.Running != nil || c.State.Terminated != nil || c.LastTerminationState.Terminated != nil {
				return false
			}
		}
	}
	return true
}

// hookFailed: the last run of c was ended by the kubelet because its
// postStart hook failed.
func (d *diag) hookFailed(c corev1.ContainerStatus, last *corev1.ContainerStateTerminated) bool {
	ev := d.lastEvent(c.Name, nil, "FailedPostStartHook")
	return ev != nil && !kube.EventLast(ev).Before(last.StartedAt.Time.Add(-time.Second))
}

// postStart: the container's postStart hook failed, so the kubelet killed
// the container; it restarts it as after a crash.
func (d *diag) postStart(c corev1.ContainerStatus, msg string) bool {
	spec := d.spec(c.Name)
	d.set(StartError, "post-start", func(f *Details) {
		f.Message = clip(msg, 300)
		if spec != nil && spec.Lifecycle != nil && spec.Lifecycle.PostStart != nil {
			switch h := spec.Lifecycle.PostStart; {
			case h.Exec != nil:
				f.Command = command(h.Exec.Command, nil)
			case h.HTTPGet != nil:
				f.Command = fmt.Sprintf("GET %s on port %s", h.HTTPGet.Path, h.HTTPGet.Port.String())
			}
		}
		if w := c.State.Waiting; w != nil {
			f.BackOff = backOffOf(w.Message)
		}
	})
	d.addEvent(d.lastEvent(c.Name, nil, "FailedPostStartHook"))
	if msg != "" {
		d.addField(d.facts.statusField(c.Name, "state.waiting.reason"), c.State.Waiting.Reason)
	} else if last := c.LastTerminationState.Terminated; last != nil && c.State.Terminated == nil {
		d.addField(d.facts.statusField(c.Name, "lastState.terminated.exitCode"), fmt.Sprint(last.ExitCode))
	}
	return true
}

// probablyOOM: exit 137 with reason Error, but a memory limit and a sign
// of the OOM killer: an OOMKilled seen before, or a shell's "Killed" line.
// containerd sometimes reports a kill of a child process this way (seen on
// kind nodes).
func (d *diag) probablyOOM(c corev1.ContainerStatus, spec *corev1.Container) bool {
	if spec == nil {
		return false
	}
	if _, ok := spec.Resources.Limits[corev1.ResourceMemory]; !ok {
		return false
	}
	if d.in.OOMSeen[c.Name] {
		return true
	}
	for _, l := range strings.Split(d.in.Logs[c.Name], "\n") {
		if strings.TrimSpace(l) == "Killed" || strings.HasSuffix(strings.TrimSpace(l), ": Killed") {
			return true
		}
	}
	return false
}

// backOffOf reads the kubelet's current back-off from a CrashLoopBackOff message.
func backOffOf(msg string) string {
	if m := backOff.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// services names the Services of the namespace that select the Pod.
func (d *diag) services() string {
	var names []string
	for _, s := range d.in.Services {
		if len(s.Spec.Selector) == 0 {
			continue
		}
		if labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.pod.Labels)) {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ", ")
}
