// Package resources is the course's lesson on requests, limits and QoS
// classes: what the scheduler reserves, what happens to a Pod that asks for
// too much, and what happens to a container that uses too much memory.
package resources

import (
	"context"
	"embed"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts; the program registers its errors (err.*).
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
			{Key: "create", Do: []lessons.Action{lessons.Create("pod-nginx-resources.yaml"), lessons.Wait(burstable, lessons.Ready)}},
			{Key: "describe", Do: []lessons.Action{lessons.Describe(burstable)}},
			{Key: "qos", Do: []lessons.Action{
				lessons.Create("pod-qos.yaml"), lessons.Wait(guaranteed, lessons.Ready), lessons.Wait(bestEffort, lessons.Ready),
				lessons.Get("custom-columns="+qosColumns, burstable, guaranteed, bestEffort).Then(qosFacts),
			}},
			{Key: "node", Do: []lessons.Action{lessons.Do(`kubectl describe node {{node "`+burstable+`"}}`, allocatable)}},
			{Key: "too-big", Do: []lessons.Action{
				lessons.Create("pod-too-big.yaml"), lessons.Wait(tooBig, Unschedulable),
				lessons.Do("", waitFailedScheduling), lessons.Describe(tooBig),
			}},
			{Key: "too-big-why", Do: []lessons.Action{lessons.Do("", explain)}},
			{Key: "oom", Do: []lessons.Action{lessons.Create("pod-oom.yaml"), lessons.Wait(oom, OOMRestarted)}},
			{Key: "oom-state", Do: []lessons.Action{
				lessons.Describe(oom),
				lessons.Get("jsonpath={.status.containerStatuses[0].lastState.terminated.reason}", oom).As("oom.reason"),
				lessons.Get("jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}", oom).As("oom.exitCode"),
			}},
			{Key: "oom-previous", Do: []lessons.Action{lessons.Logs(oom, "", 0).Previous()}},
			{Key: "oom-same-pod", Do: []lessons.Action{lessons.Get("wide")}},
			{Key: "recap"},
		}
	},
}

// Unschedulable waits until the scheduler has tried the Pod and found no
// node for it: it sets the PodScheduled condition to False with that reason.
var Unschedulable = lessons.Cond{
	For: "condition=PodScheduled=false", Desc: "Unschedulable",
	Fn: func(p *corev1.Pod) (bool, error) {
		c := condition(p, corev1.PodScheduled)
		return c != nil && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable, nil
	},
}

// OOMRestarted waits until a container was killed for using more memory
// than its limit and the kubelet has started it again.
var OOMRestarted = lessons.Cond{
	For: "jsonpath={.status.containerStatuses[0].lastState.terminated.reason}=OOMKilled", Desc: "OOMKilled, then restarted",
	Failing: true,
	Fn: func(p *corev1.Pod) (bool, error) {
		for _, c := range p.Status.ContainerStatuses {
			if t := c.LastTerminationState.Terminated; t != nil && t.Reason == "OOMKilled" && c.RestartCount >= 1 {
				return true, nil
			}
		}
		return false, nil
	},
}

func condition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

const qosColumns = "NAME:.metadata.name,CPU-REQ:.spec.containers[0].resources.requests.cpu,CPU-LIM:.spec.containers[0].resources.limits.cpu," +
	"MEM-REQ:.spec.containers[0].resources.requests.memory,MEM-LIM:.spec.containers[0].resources.limits.memory,QOS:.status.qosClass"

// qosFacts reports each Pod's QoS class.
func qosFacts(s *lessons.Session, pods []corev1.Pod) (string, error) {
	for _, p := range pods {
		s.Fact("qos."+p.Name, string(p.Status.QOSClass))
	}
	return "", nil
}

// allocatable shows what the node offers Pods, the way the Allocatable part
// of `kubectl describe node` does. Reading nodes needs a cluster-wide
// permission a student may not have; then kpod says so and goes on.
func allocatable(ctx context.Context, s *lessons.Session) (string, error) {
	p := s.Timeline.Pod(burstable)
	if p == nil || p.Spec.NodeName == "" {
		return "", words.Err("err.resources.nonode", text.Facts{"Pod": burstable})
	}
	node, err := s.Clients.Client.CoreV1().Nodes().Get(ctx, p.Spec.NodeName, metav1.GetOptions{})
	if err != nil {
		s.Report.Note(lessons.NoteWarn, s.Text("node.forbidden", text.Facts{"Node": p.Spec.NodeName, "Message": kube.Explain(err).Error()}))
		return "", nil
	}
	var b strings.Builder
	w := printers.GetNewTabWriter(&b)
	fmt.Fprintln(w, "Allocatable:")
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourcePods} {
		q := node.Status.Allocatable[name]
		v := q.String()
		if name == corev1.ResourceMemory && q.Value() >= 1<<30 {
			v += fmt.Sprintf(" (%.1fGi)", float64(q.Value())/(1<<30))
		}
		fmt.Fprintf(w, "  %s:\t%s\n", name, v)
	}
	w.Flush()
	b.WriteString(s.Text("describe.part", nil) + "\n")
	cpu := node.Status.Allocatable[corev1.ResourceCPU]
	s.Fact("node.cpu", cpu.String())
	return b.String(), nil
}

// waitFailedScheduling waits, on a watch, for the scheduler's
// FailedScheduling event about the too-big Pod, so that the describe after
// it shows the event. (The scheduler sets the condition and records the
// event at about the same time, in either order.)
func waitFailedScheduling(ctx context.Context, s *lessons.Session) (string, error) {
	p := s.Timeline.Pod(tooBig)
	if p == nil {
		return "", words.Err("err.resources.nopod", text.Facts{"Pod": tooBig})
	}
	sel := fields.Set{
		"involvedObject.kind": "Pod", "involvedObject.name": tooBig,
		"involvedObject.uid": string(p.UID), "reason": "FailedScheduling",
	}.AsSelector().String()
	events := s.Clients.Client.CoreV1().Events(s.Namespace)
	lw := kube.Selected(s.Clients.Client, metav1.ListOptions{FieldSelector: sel}, events.List, events.Watch)
	done := s.Report.Waiting(s.Text("ui.waiting", text.Facts{"Pod": tooBig, "Message": "FailedScheduling"}))
	defer done()
	wctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var msg string
	_, err := watchtools.UntilWithSync(wctx, lw, &corev1.Event{},
		func(store cache.Store) (bool, error) {
			for _, o := range store.List() {
				msg = o.(*corev1.Event).Message
			}
			return msg != "", nil
		},
		func(e watch.Event) (bool, error) {
			if ev, ok := e.Object.(*corev1.Event); ok && (e.Type == watch.Added || e.Type == watch.Modified) {
				msg = ev.Message
				return true, nil
			}
			return false, nil
		})
	if err != nil && ctx.Err() == nil {
		return "", words.Err("err.resources.nofailedscheduling", text.Facts{"Pod": tooBig, "Wait": s.Timeout})
	}
	if err == nil {
		failedScheduling.Set(s, msg)
	}
	return "", err
}
