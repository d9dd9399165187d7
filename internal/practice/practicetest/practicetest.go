// Package practicetest helps test practice tasks: it reads a task's
// solution (the shell commands of its solution section) into the objects
// kubectl would make, and plays a kubelet that runs them, on fake Pods.
package practicetest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// Namespace is the practice namespace of fake worlds.
const Namespace = "kpod-practice"

// Now is the fake worlds' clock.
var Now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Images are the default images of every role.
var Images = runenv.Images(nil, func(string) string { return "" })

// Solution returns a task's solution, filled for w, as shell commands.
func Solution(set practice.Set, key string, w *practice.World) string {
	return w.Fill(set.Text("en", practice.SolutionKey(key)).Body)
}

var applied = regexp.MustCompile(`(?s)echo '\n(.*?)\n' \| kubectl apply`)

// Objects reads the Pods and Services a solution's commands make:
// manifests piped to `kubectl apply`, `kubectl run` and
// `kubectl create service clusterip`.
func Objects(script string) ([]*corev1.Pod, []*corev1.Service, error) {
	var pods []*corev1.Pod
	var svcs []*corev1.Service
	for _, m := range applied.FindAllStringSubmatch(script, -1) {
		objs, err := lessons.Decode([]byte(m[1]))
		if err != nil {
			return nil, nil, err
		}
		for _, o := range objs {
			if p, ok := o.(*corev1.Pod); ok {
				pods = append(pods, p)
			}
		}
	}
	for _, line := range strings.Split(applied.ReplaceAllString(script, ""), "\n") {
		f, err := lessontest.ShellWords(line)
		if err != nil {
			return nil, nil, fmt.Errorf("%q: %w", line, err)
		}
		switch {
		case len(f) > 2 && f[0] == "kubectl" && f[1] == "run":
			pods = append(pods, runPod(f[2:]))
		case len(f) > 4 && f[0] == "kubectl" && f[1] == "create" && f[2] == "service":
			svcs = append(svcs, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: f[4], Namespace: Namespace}})
		}
	}
	return pods, svcs, nil
}

// runPod is the Pod `kubectl run` makes from its arguments.
func runPod(args []string) *corev1.Pod {
	c := corev1.Container{Name: args[0]}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: args[0]}, Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyAlways}}
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			c.Args = args[i+1:]
			break
		}
		k, v, _ := strings.Cut(a, "=")
		switch k {
		case "--image":
			c.Image = v
		case "--port":
			var n int32
			fmt.Sscan(v, &n)
			c.Ports = append(c.Ports, corev1.ContainerPort{ContainerPort: n})
		case "--env":
			name, val, _ := strings.Cut(v, "=")
			c.Env = append(c.Env, corev1.EnvVar{Name: name, Value: val})
		case "--restart":
			p.Spec.RestartPolicy = corev1.RestartPolicy(v)
		case "-n":
			i++
		}
	}
	p.Spec.Containers = []corev1.Container{c}
	return p
}

// World returns a fake world holding pods and svcs, each Pod run by Run.
func World(pods []*corev1.Pod, svcs []*corev1.Service) *practice.World {
	w := &practice.World{Namespace: Namespace, Images: Images, Now: Now, Services: svcs}
	for i, p := range pods {
		w.Pods = append(w.Pods, Run(p, i))
	}
	return w
}

// Run plays the API server and the kubelet for a Pod that works: defaults,
// a node, an IP, every container started an hour ago and ready (or, with
// restartPolicy Never or OnFailure, finished with exit code 0), and its QoS class.
func Run(p *corev1.Pod, n int) *corev1.Pod {
	p = p.DeepCopy()
	p.Namespace = Namespace
	p.UID = types.UID(fmt.Sprintf("uid-%s-%d", p.Name, n))
	p.Spec.NodeName = "node-1"
	started := metav1.NewTime(Now.Add(-time.Hour))
	lessontest.ResourceDefaults(p)
	p.Status = corev1.PodStatus{Phase: corev1.PodRunning, PodIP: fmt.Sprintf("10.244.0.%d", n+2), QOSClass: p.Status.QOSClass}
	done := p.Spec.RestartPolicy == corev1.RestartPolicyNever || p.Spec.RestartPolicy == corev1.RestartPolicyOnFailure
	for _, c := range p.Spec.InitContainers {
		cs := corev1.ContainerStatus{Name: c.Name, Image: c.Image}
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			yes := true
			cs.Started, cs.Ready, cs.State.Running = &yes, true, &corev1.ContainerStateRunning{StartedAt: started}
		} else {
			cs.State.Terminated = &corev1.ContainerStateTerminated{Reason: "Completed", StartedAt: started, FinishedAt: started}
		}
		p.Status.InitContainerStatuses = append(p.Status.InitContainerStatuses, cs)
	}
	for _, c := range p.Spec.Containers {
		cs := corev1.ContainerStatus{Name: c.Name, Image: c.Image, Ready: !done}
		if done {
			cs.State.Terminated = &corev1.ContainerStateTerminated{Reason: "Completed", StartedAt: started, FinishedAt: started}
		} else {
			cs.State.Running = &corev1.ContainerStateRunning{StartedAt: started}
		}
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, cs)
	}
	ready := corev1.ConditionTrue
	if done {
		p.Status.Phase, ready = corev1.PodSucceeded, corev1.ConditionFalse
	}
	p.Status.Conditions = []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
		{Type: corev1.ContainersReady, Status: ready},
		{Type: corev1.PodReady, Status: ready},
	}
	return p
}

// Quantity parses a resource quantity.
func Quantity(s string) resource.Quantity { return resource.MustParse(s) }

// Event makes an Event about a Pod.
func Event(p *corev1.Pod, reason, message string) *corev1.Event {
	return &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: p.Name + "." + reason, Namespace: Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: p.Name, Namespace: Namespace, UID: p.UID},
		Reason:         reason, Message: message,
	}
}
