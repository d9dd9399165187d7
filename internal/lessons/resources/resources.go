// Package resources is the course's lesson on requests, limits and QoS
// classes: what the scheduler reserves, what happens to a Pod that asks for
// too much, and what happens to a container that uses too much memory.
package resources

import (
	"embed"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts.
var words = text.MustLoad(files)

// The Pods of the lesson, as named in its manifests.
const (
	burstable  = "nginx-resources"
	guaranteed = "qos-guaranteed"
	bestEffort = "qos-besteffort"
	tooBig     = "too-big"
	oom        = "oom-demo"
)

// Lesson is the `resources` lesson.
var Lesson = &lessons.Lesson{
	Name:    "resources",
	Chapter: 6,
	Text:    words,
	Tasks:   tasks,
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			// The Pods do not depend on each other: all start at once, and
			// each step finds its own Pod started, or on its way.
			{Key: "create", Do: []lessons.Action{
				lessons.Create("pod-nginx-resources.yaml"), lessons.Create("pod-qos.yaml"), lessons.Create("pod-too-big.yaml"), lessons.Create("pod-oom.yaml"),
				lessons.Wait(burstable, lessons.Ready),
			}},
			{Key: "describe", Do: []lessons.Action{lessons.Describe(burstable)}},
			{Key: "qos", Do: []lessons.Action{
				lessons.WaitAll(lessons.Ready, guaranteed, bestEffort),
				lessons.Get("custom-columns="+qosColumns, burstable, guaranteed, bestEffort).Then(qosFacts),
			}},
			{Key: "node", Do: []lessons.Action{lessons.Allocatable(burstable)}},
			{Key: "too-big", Do: []lessons.Action{
				lessons.Wait(tooBig, Unschedulable), lessons.WaitEvent(tooBig, "FailedScheduling", failedScheduling), lessons.Describe(tooBig),
			}},
			{Key: "too-big-why", Do: []lessons.Action{lessons.Do("", explain)}},
			{Key: "oom", Do: []lessons.Action{lessons.Wait(oom, OOMRestarted)}},
			{Key: "oom-state", Do: []lessons.Action{
				lessons.Describe(oom),
				lessons.Get("jsonpath={.status.containerStatuses[0].lastState.terminated.reason}", oom).Into(oomReason),
				lessons.Get("jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}", oom).Into(oomExitCode),
			}},
			{Key: "oom-previous", Do: []lessons.Action{lessons.Logs(oom, "", 0).Previous()}},
			{Key: "oom-same-pod", Do: []lessons.Action{lessons.Get("wide")}},
			{Key: "recap"},
		}
	},
}

// Unschedulable waits until the scheduler has tried the Pod and found no
// node for it: it sets the PodScheduled condition to False (with reason
// Unschedulable: the lesson's Pods have no scheduling gates, the other
// reason for False).
var Unschedulable = lessons.Cond{
	For: "condition=PodScheduled=false", Key: "wait.unschedulable",
	Fn: func(p *corev1.Pod) (bool, error) {
		return kube.Condition(p, corev1.PodScheduled) == corev1.ConditionFalse, nil
	},
}

// OOMRestarted waits until a container was killed for using more memory
// than its limit and the kubelet has started it again (kube.OOMKilled: on
// kind, containerd may say Error, exit code 137). The kubectl wait it shows
// waits for exit code 137 in lastState, there only after a restart: reason
// OOMKilled would never come where containerd says Error.
var OOMRestarted = lessons.Cond{
	For: "jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'=137", Key: "wait.oomkilled-then-restarted",
	Failing: true,
	Fn: func(p *corev1.Pod) (bool, error) {
		for _, c := range p.Status.ContainerStatuses {
			if c.RestartCount >= 1 && kube.OOMKilled(kube.ContainerSpec(p, c.Name), c.LastTerminationState.Terminated) {
				return true, nil
			}
		}
		return false, nil
	},
}

const qosColumns = "NAME:.metadata.name,CPU-REQ:.spec.containers[0].resources.requests.cpu,CPU-LIM:.spec.containers[0].resources.limits.cpu," +
	"MEM-REQ:.spec.containers[0].resources.requests.memory,MEM-LIM:.spec.containers[0].resources.limits.memory,QOS:.status.qosClass"

// qosFacts reports each Pod's QoS class.
func qosFacts(v lessons.View, pods []corev1.Pod) (report.Output, error) {
	for _, p := range pods {
		qosClass(p.Name).Set(v, string(p.Status.QOSClass))
	}
	return report.Output{}, nil
}
