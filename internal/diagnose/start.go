package diagnose

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// sandbox: the kubelet cannot make the Pod's sandbox (its pause container,
// network and runtime), so no container starts.
type sandbox struct{}

func (sandbox) match(d *diag) bool {
	pod := d.pod
	return pod.Spec.NodeName != "" && pod.Status.Phase == corev1.PodPending && noneStarted(pod) && sandboxEvent(d) != nil
}

func (sandbox) explain(d *diag) {
	pod := d.pod
	ev := sandboxEvent(d)
	variant := "other"
	switch {
	case strings.Contains(ev.Message, "no runtime for"):
		variant = "runtime-class"
	case containsAny(ev.Message, "network", "CNI", "cni"):
		variant = "network"
	}
	d.set(Sandbox, variant)
	d.facts.Message = sentence(ev.Message, 300)
	if pod.Spec.RuntimeClassName != nil {
		d.facts.Name = *pod.Spec.RuntimeClassName
	}
	d.addEvent(ev)
	if pod.Spec.RuntimeClassName != nil {
		d.addField("{.spec.runtimeClassName}", *pod.Spec.RuntimeClassName)
	}
}

func sandboxEvent(d *diag) *corev1.Event { return d.lastEvent("", nil, "FailedCreatePodSandBox") }

// noneStarted reports whether no container of the Pod has run yet.
func noneStarted(pod *corev1.Pod) bool {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			if c.State.Running != nil || c.State.Terminated != nil || c.LastTerminationState.Terminated != nil {
				return false
			}
		}
	}
	return true
}

// startError: the runtime could not start the container's process; it
// waits to be started again, or (not waiting) its last run ended so.
type startError struct{ waiting bool }

func (s startError) match(d *diag, c *ctr) bool {
	if s.waiting {
		return waitingFor(c, "CreateContainerError", "RunContainerError")
	}
	return c.last != nil && (c.last.Reason == "StartError" || c.last.Reason == "ContainerCannotRun") && c.crashing
}

func (s startError) explain(d *diag, c *ctr) {
	var msg string
	if s.waiting {
		msg = c.status.State.Waiting.Message
	} else {
		msg = c.last.Message
	}
	variant := "other"
	switch {
	case containsAny(msg, "executable file not found", "no such file or directory"):
		variant = "not-found"
	case strings.Contains(msg, "permission denied"):
		variant = "not-executable"
	}
	d.set(StartError, variant)
	f := &d.facts
	f.Message = clip(msg, 300)
	if c.spec != nil {
		f.Image = c.spec.Image
		f.Command = command(c.spec.Command, c.spec.Args)
	}
	st, name := c.status.State, c.status.Name
	switch {
	case st.Waiting != nil && st.Waiting.Message == msg:
		d.addField(f.statusField(name, "state.waiting.message"), msg)
	case st.Terminated != nil && st.Terminated.Message == msg:
		d.addField(f.statusField(name, "state.terminated.message"), msg)
	default:
		d.addField(f.statusField(name, "lastState.terminated.message"), msg)
	}
}

// postStart: the container's postStart hook failed, so the kubelet killed
// the container; it restarts it as after a crash. It waits to be started
// again, or (not waiting) its last run was ended so.
type postStart struct{ waiting bool }

func (p postStart) match(d *diag, c *ctr) bool {
	if p.waiting {
		return waitingFor(c, "PostStartHookError")
	}
	return c.last != nil && c.crashing && hookFailed(d, c)
}

func (p postStart) explain(d *diag, c *ctr) {
	msg := ""
	if p.waiting {
		msg = c.status.State.Waiting.Message
	}
	d.set(StartError, "post-start")
	f := &d.facts
	f.Message = clip(msg, 300)
	if c.spec != nil && c.spec.Lifecycle != nil && c.spec.Lifecycle.PostStart != nil {
		switch h := c.spec.Lifecycle.PostStart; {
		case h.Exec != nil:
			f.Command = command(h.Exec.Command, nil)
		case h.HTTPGet != nil:
			f.Command = fmt.Sprintf("GET %s on port %s", h.HTTPGet.Path, h.HTTPGet.Port.String())
		}
	}
	if w := c.status.State.Waiting; w != nil {
		f.BackOff = backOffOf(w.Message)
	}
	d.addEvent(d.lastEvent(c.status.Name, nil, "FailedPostStartHook"))
	if msg != "" {
		d.addField(f.statusField(c.status.Name, "state.waiting.reason"), c.status.State.Waiting.Reason)
	} else if last := c.status.LastTerminationState.Terminated; last != nil && c.status.State.Terminated == nil {
		d.addField(f.statusField(c.status.Name, "lastState.terminated.exitCode"), fmt.Sprint(last.ExitCode))
	}
}

// hookFailed reports whether the kubelet ended the last run of c because its
// postStart hook failed.
func hookFailed(d *diag, c *ctr) bool {
	ev := d.lastEvent(c.status.Name, nil, "FailedPostStartHook")
	return ev != nil && !kube.EventLast(ev).Before(c.last.StartedAt.Time.Add(-time.Second))
}
