package timeline

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// podDiff says what changed between two states of a Pod (old may be nil).
func (n *narrator) podDiff(old, pod *corev1.Pod) []report.Annotation {
	if old == nil {
		old = &corev1.Pod{}
	}
	var out []report.Annotation
	add := func(container, key string, at time.Time, f text.Facts) {
		out = append(out, n.note(pod, container, key, at, f))
	}
	if kube.Condition(pod, corev1.PodReadyToStartContainers) == corev1.ConditionTrue && kube.Condition(old, corev1.PodReadyToStartContainers) != corev1.ConditionTrue {
		add("", "pod.sandbox", condTime(pod, corev1.PodReadyToStartContainers), nil)
	}
	if pod.Status.PodIP != "" && pod.Status.PodIP != old.Status.PodIP {
		add("", "pod.ip", condTime(pod, corev1.PodReadyToStartContainers), text.Facts{"IP": pod.Status.PodIP})
	}
	if len(pod.Spec.InitContainers) > 0 && kube.Condition(pod, corev1.PodInitialized) == corev1.ConditionTrue && kube.Condition(old, corev1.PodInitialized) != corev1.ConditionTrue {
		add("", withSidecar(pod, "pod.initialized"), condTime(pod, corev1.PodInitialized), nil)
	}
	if pod.Status.Phase != old.Status.Phase && pod.Status.Phase != "" {
		key := "pod.phase." + string(pod.Status.Phase)
		switch {
		case pod.Status.Phase == corev1.PodFailed && pod.DeletionTimestamp != nil:
			key += ".deleting" // the deletion stopped the containers
		case pod.Status.Phase == corev1.PodPending && kube.IsMirror(pod):
			key += ".mirror" // its kubelet made it, on its node: no scheduler
		}
		add("", key, phaseTime(pod), text.Facts{"Phase": string(pod.Status.Phase)})
	}
	for _, lists := range [][2][]corev1.ContainerStatus{
		{old.Status.InitContainerStatuses, pod.Status.InitContainerStatuses},
		{old.Status.ContainerStatuses, pod.Status.ContainerStatuses},
	} {
		for _, c := range lists[1] {
			var before corev1.ContainerStatus
			for _, o := range lists[0] {
				if o.Name == c.Name {
					before = o
				}
			}
			out = append(out, n.containerDiff(pod, before, c)...)
		}
	}
	status, oldStatus := kube.PodStatus(pod), ""
	if old.Name != "" {
		oldStatus = kube.PodStatus(old)
	}
	said := false // a container's end already told this STATUS
	for _, a := range out {
		said = said || a.Source == "pod" && a.Container != "" && status == a.Reason
	}
	if status != oldStatus && status != string(pod.Status.Phase) && status != "Terminating" && !said {
		key := "pod.status"
		if strings.HasPrefix(status, "Init:") && strings.Contains(status, "/") {
			key = withSidecar(pod, "pod.status.init")
		} else if words.Has("pod.status." + status) {
			key = "pod.status." + status
			if k := withSidecar(pod, key); words.Has(k) {
				key = k // a status a running sidecar changes the meaning of
			}
		}
		add("", key, time.Time{}, text.Facts{"Status": status})
	}
	ready, wasReady := kube.Condition(pod, corev1.PodReady), kube.Condition(old, corev1.PodReady)
	switch {
	case ready == corev1.ConditionTrue && wasReady != corev1.ConditionTrue:
		if c, term := n.crashedBefore(pod); term != nil {
			add(c.Name, "pod.ready.crashed", condTime(pod, corev1.PodReady), text.Facts{"Restarts": c.RestartCount, "ExitCode": term.ExitCode})
		} else {
			add("", "pod.ready", condTime(pod, corev1.PodReady), nil)
		}
	case ready == corev1.ConditionFalse && wasReady == corev1.ConditionTrue:
		add("", "pod.notready", condTime(pod, corev1.PodReady), nil)
	}
	if pod.DeletionTimestamp != nil && old.DeletionTimestamp == nil {
		key := "pod.deleting"
		switch {
		case kube.IsMirror(pod) && ptr.Deref(pod.DeletionGracePeriodSeconds, -1) == 0:
			key = "pod.deleting.mirror.now" // as the kubelet deletes it when its file is gone
		case kube.IsMirror(pod):
			key = "pod.deleting.mirror" // the kubelet stops nothing for it
		}
		add("", key, time.Time{}, nil)
	}
	return out
}

func (n *narrator) containerDiff(pod *corev1.Pod, old, c corev1.ContainerStatus) []report.Annotation {
	var out []report.Annotation
	for _, term := range []*corev1.ContainerStateTerminated{c.LastTerminationState.Terminated, c.State.Terminated} {
		if term == nil {
			continue
		}
		id := c.Name + "/" + term.ContainerID + "/" + term.FinishedAt.String()
		if term.ContainerID == "" && term.FinishedAt.IsZero() || n.ended[id] {
			continue
		}
		n.ended[id] = true
		key := "pod.terminated"
		if term.ExitCode == 0 {
			key = "pod.completed"
		}
		if term.Reason == "OOMKilled" {
			key = "pod.oomkilled"
		}
		a := n.note(pod, c.Name, key, term.FinishedAt.Time, text.Facts{"Reason": term.Reason, "ExitCode": term.ExitCode})
		if term.Reason != "" {
			a.Reason = term.Reason
		}
		out = append(out, a)
	}
	if c.RestartCount > old.RestartCount {
		var at time.Time
		if c.State.Running != nil {
			at = c.State.Running.StartedAt.Time
		} else if last := c.LastTerminationState.Terminated; last != nil {
			at = last.StartedAt.Time
		}
		if n.replay && old.Name == "" && c.RestartCount > 1 {
			if crashes := n.crashes(pod, c); crashes != nil {
				return crashes // instead of its ends one by one
			}
		}
		out = append(out, n.note(pod, c.Name, "pod.restarted", at, text.Facts{"Restarts": c.RestartCount}))
	}
	return out
}

// crashes returns the history of a container that was restarted before the
// timeline saw it: the status keeps only its last end (or two), so they are
// told in one line with the count.
func (n *narrator) crashes(pod *corev1.Pod, c corev1.ContainerStatus) []report.Annotation {
	var ends []*corev1.ContainerStateTerminated
	for _, term := range []*corev1.ContainerStateTerminated{c.LastTerminationState.Terminated, c.State.Terminated} {
		if term != nil {
			ends = append(ends, term)
		}
	}
	if len(ends) == 0 {
		return nil
	}
	last := ends[len(ends)-1]
	key := "pod.crashes"
	if len(ends) == 2 && ends[0].ExitCode == last.ExitCode {
		key = "pod.crashes.same"
	}
	a := n.note(pod, c.Name, key, last.FinishedAt.Time, text.Facts{"Restarts": c.RestartCount, "ExitCode": last.ExitCode, "Reason": last.Reason})
	a.Count = c.RestartCount
	return []report.Annotation{a}
}

// crashedBefore returns a container of pod that was restarted after it failed
// in the last 10 minutes (the kubelet's back-off window), and that end.
func (n *narrator) crashedBefore(pod *corev1.Pod) (corev1.ContainerStatus, *corev1.ContainerStateTerminated) {
	for _, c := range pod.Status.ContainerStatuses {
		term := c.LastTerminationState.Terminated
		if c.RestartCount > 0 && term != nil && term.ExitCode != 0 && n.clock.Now().Sub(term.FinishedAt.Time) < 10*time.Minute {
			return c, term
		}
	}
	return corev1.ContainerStatus{}, nil
}

// withSidecar returns key's ".sidecar" form for a Pod with a native sidecar
// (an init container with restartPolicy Always), which counts as done once
// started; else key.
func withSidecar(pod *corev1.Pod, key string) string {
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			return key + ".sidecar"
		}
	}
	return key
}

func condTime(pod *corev1.Pod, typ corev1.PodConditionType) time.Time {
	for _, c := range pod.Status.Conditions {
		if c.Type == typ {
			return c.LastTransitionTime.Time
		}
	}
	return time.Time{}
}
