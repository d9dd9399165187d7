package kube

import (
	"fmt"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/duration"
)

// podColumns are the columns of `kubectl get pods`; the wide ones have
// priority 1 (k8s.io/kubernetes pkg/printers/internalversion).
var podColumns = []metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Format: "name"},
	{Name: "Ready", Type: "string"},
	{Name: "Status", Type: "string"},
	{Name: "Restarts", Type: "string"},
	{Name: "Age", Type: "string"},
	{Name: "IP", Type: "string", Priority: 1},
	{Name: "Node", Type: "string", Priority: 1},
	{Name: "Nominated Node", Type: "string", Priority: 1},
	{Name: "Readiness Gates", Type: "string", Priority: 1},
}

// podRow returns the row of `kubectl get pods -o wide` for pod, worked out as
// kubectl's printPod does (k8s.io/kubernetes pkg/printers/internalversion,
// v1.37), with now in place of the clock.
func podRow(pod *corev1.Pod, now time.Time) metav1.TableRow {
	restarts := 0
	restartableInitContainerRestarts := 0
	totalContainers := len(pod.Spec.Containers)
	readyContainers := 0
	var lastRestartDate, lastRestartableInitContainerRestartDate time.Time

	podPhase := pod.Status.Phase
	reason := string(podPhase)
	if pod.Status.Reason != "" {
		reason = pod.Status.Reason
	}
	for _, condition := range pod.Status.Conditions {
		if condition.Type == corev1.PodScheduled && condition.Reason == corev1.PodReasonSchedulingGated {
			reason = corev1.PodReasonSchedulingGated
		}
	}

	initContainers := map[string]*corev1.Container{}
	for i := range pod.Spec.InitContainers {
		initContainers[pod.Spec.InitContainers[i].Name] = &pod.Spec.InitContainers[i]
		if isRestartableInitContainer(&pod.Spec.InitContainers[i]) {
			totalContainers++
		}
	}

	initializing := false
	for i := range pod.Status.InitContainerStatuses {
		container := pod.Status.InitContainerStatuses[i]
		restarts += int(container.RestartCount)
		if t := container.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestartDate) {
			lastRestartDate = t.FinishedAt.Time
		}
		if isRestartableInitContainer(initContainers[container.Name]) {
			restartableInitContainerRestarts += int(container.RestartCount)
			if t := container.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestartableInitContainerRestartDate) {
				lastRestartableInitContainerRestartDate = t.FinishedAt.Time
			}
		}
		switch {
		case container.State.Terminated != nil && container.State.Terminated.ExitCode == 0:
			continue
		case isRestartableInitContainer(initContainers[container.Name]) && container.Started != nil && *container.Started:
			if container.Ready {
				readyContainers++
			}
			continue
		case container.State.Terminated != nil:
			// initialization failed
			switch t := container.State.Terminated; {
			case t.Reason != "":
				reason = "Init:" + t.Reason
			case t.Signal != 0:
				reason = fmt.Sprintf("Init:Signal:%d", t.Signal)
			default:
				reason = fmt.Sprintf("Init:ExitCode:%d", t.ExitCode)
			}
			initializing = true
		case container.State.Waiting != nil && container.State.Waiting.Reason != "" && container.State.Waiting.Reason != "PodInitializing":
			reason = "Init:" + container.State.Waiting.Reason
			initializing = true
		default:
			reason = fmt.Sprintf("Init:%d/%d", i, len(pod.Spec.InitContainers))
			initializing = true
		}
		break
	}

	if !initializing || Condition(pod, corev1.PodInitialized) == corev1.ConditionTrue {
		restarts = restartableInitContainerRestarts
		lastRestartDate = lastRestartableInitContainerRestartDate
		hasRunning := false
		errorReason := ""
		for i := len(pod.Status.ContainerStatuses) - 1; i >= 0; i-- {
			container := pod.Status.ContainerStatuses[i]
			restarts += int(container.RestartCount)
			if t := container.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestartDate) {
				lastRestartDate = t.FinishedAt.Time
			}
			switch {
			case container.State.Waiting != nil && container.State.Waiting.Reason != "":
				reason = container.State.Waiting.Reason
			case container.State.Terminated != nil:
				switch t := container.State.Terminated; {
				case t.Reason != "":
					reason = t.Reason
				case t.Signal != 0:
					reason = fmt.Sprintf("Signal:%d", t.Signal)
				default:
					reason = fmt.Sprintf("ExitCode:%d", t.ExitCode)
				}
				if container.State.Terminated.ExitCode != 0 {
					errorReason = reason
				}
			case container.Ready && container.State.Running != nil:
				hasRunning = true
				readyContainers++
			}
		}
		// back to Running if a container still runs
		if reason == "Completed" {
			switch {
			case hasRunning && Condition(pod, corev1.PodReady) == corev1.ConditionTrue:
				reason = "Running"
			case errorReason != "":
				reason = errorReason
			case hasRunning:
				reason = "NotReady"
			}
		}
	}

	terminal := podPhase == corev1.PodSucceeded || podPhase == corev1.PodFailed
	if pod.DeletionTimestamp != nil && pod.Status.Reason == "NodeLost" {
		reason = "Unknown"
	} else if pod.DeletionTimestamp != nil && !terminal {
		reason = "Terminating"
	}

	restartsStr := strconv.Itoa(restarts)
	if restarts != 0 && !lastRestartDate.IsZero() {
		restartsStr = fmt.Sprintf("%d (%s ago)", restarts, duration.HumanDuration(now.Sub(lastRestartDate)))
	}

	podIP := ""
	if len(pod.Status.PodIPs) > 0 {
		podIP = pod.Status.PodIPs[0].IP
	}
	readinessGates := "<none>"
	if len(pod.Spec.ReadinessGates) > 0 {
		trueConditions := 0
		for _, gate := range pod.Spec.ReadinessGates {
			if Condition(pod, gate.ConditionType) == corev1.ConditionTrue {
				trueConditions++
			}
		}
		readinessGates = fmt.Sprintf("%d/%d", trueConditions, len(pod.Spec.ReadinessGates))
	}
	return metav1.TableRow{
		Object: runtime.RawExtension{Object: pod},
		Cells: []any{pod.Name, fmt.Sprintf("%d/%d", readyContainers, totalContainers), reason, restartsStr, Age(pod.CreationTimestamp.Time, now),
			none(podIP), none(pod.Spec.NodeName), none(pod.Status.NominatedNodeName), readinessGates},
	}
}

func isRestartableInitContainer(c *corev1.Container) bool {
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// PodStatus returns the STATUS column of `kubectl get pods`.
func PodStatus(pod *corev1.Pod) string { return podRow(pod, time.Time{}).Cells[2].(string) }

// Ready returns the READY column: ready containers (native sidecars included)
// over all containers.
func Ready(pod *corev1.Pod) string { return podRow(pod, time.Time{}).Cells[1].(string) }

// Restarts adds up the restart counts of a Pod's containers, init
// containers included.
func Restarts(pod *corev1.Pod) int32 {
	var n int32
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			n += c.RestartCount
		}
	}
	return n
}

// Condition returns the status of a Pod condition ("" if absent).
func Condition(pod *corev1.Pod, t corev1.PodConditionType) corev1.ConditionStatus {
	for _, c := range pod.Status.Conditions {
		if c.Type == t {
			return c.Status
		}
	}
	return ""
}

// Unschedulable returns the Pod's PodScheduled condition when it says the
// scheduler found no node for the Pod, or nil.
func Unschedulable(pod *corev1.Pod) *corev1.PodCondition {
	var cond *corev1.PodCondition
	for i := range pod.Status.Conditions {
		if c := &pod.Status.Conditions[i]; c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			cond = c
		}
	}
	return cond
}

// OOMKilled says whether the kernel's OOM killer ended container c, as its
// terminated state t shows: reason OOMKilled, or, where the runtime missed
// the OOM event and says Error (containerd on kind does, when the kernel
// kills a child of PID 1), exit code 137 in a container with a memory
// limit and no liveness probe (nothing else there sends SIGKILL). c may be
// nil when the spec is not at hand; then only the reason counts.
func OOMKilled(c *corev1.Container, t *corev1.ContainerStateTerminated) bool {
	if t == nil {
		return false
	}
	if t.Reason == "OOMKilled" {
		return true
	}
	return t.Reason == "Error" && t.ExitCode == 137 && c != nil && c.LivenessProbe == nil && !c.Resources.Limits.Memory().IsZero()
}

// ContainerSpec finds a container or init container of the Pod's spec by name.
func ContainerSpec(pod *corev1.Pod, name string) *corev1.Container {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}

// PID1 returns what container c runs as PID 1, from its spec: the first word
// of its command, or "" when it has none and runs its image's entrypoint.
func PID1(c *corev1.Container) string {
	if len(c.Command) == 0 {
		return ""
	}
	return c.Command[0]
}

// ContainerStatus finds the status of a container or init container by name.
func ContainerStatus(pod *corev1.Pod, name string) *corev1.ContainerStatus {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}

// IsMirror reports whether p is a mirror Pod: the API's copy of a static Pod
// that a kubelet runs from a file. Deleting it through the API does not stop
// that Pod; the kubelet publishes the mirror again.
func IsMirror(p *corev1.Pod) bool {
	_, ok := p.Annotations[corev1.MirrorPodAnnotationKey]
	return ok
}
