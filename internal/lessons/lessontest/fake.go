package lessontest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/openapi/openapitest"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Node is the node the fake kubelet runs everything on.
const Node = "node-1"

// FakeKubelet plays the node's part on a fake clientset: each new Pod is
// scheduled to Node (unless it names its node), gets an IP, and its
// containers start and become ready (a Pod with restartPolicy Never runs to
// completion). It posts the Events a kubelet would. It stops when ctx ends.
func FakeKubelet(ctx context.Context, c *fake.Clientset) error {
	w, err := c.CoreV1().Pods("").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	n := 0
	go func() {
		defer w.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-w.ResultChan():
				if !ok {
					return
				}
				pod, isPod := e.Object.(*corev1.Pod)
				if e.Type != watch.Added || !isPod || pod.Spec.NodeName != "" && pod.Status.Phase != "" {
					continue
				}
				n++
				start(ctx, c, pod.DeepCopy(), fmt.Sprintf("10.244.0.%d", n+1))
			}
		}
	}()
	return nil
}

func start(ctx context.Context, c *fake.Clientset, pod *corev1.Pod, ip string) {
	now := metav1.Now()
	seq := 0
	event := func(reason, container, msg string) {
		seq++
		name := fmt.Sprintf("%s.%d", pod.Name, seq)
		path := ""
		if container != "" {
			path = "spec.containers{" + container + "}"
		}
		_, _ = c.CoreV1().Events(pod.Namespace).Create(ctx, &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Name: name, UID: types.UID(pod.Namespace + "/" + name), Namespace: pod.Namespace},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID, FieldPath: path},
			Reason:         reason, Message: msg, Count: 1, LastTimestamp: now, Type: corev1.EventTypeNormal,
		}, metav1.CreateOptions{})
	}
	if pod.Spec.NodeName == "" { // a Pod that names its node keeps it
		if n, err := c.CoreV1().Nodes().Get(ctx, Node, metav1.GetOptions{}); err == nil {
			if short := insufficient(pod, n); short != "" {
				unschedulable(ctx, c, pod, short)
				return
			}
		}
		pod.Spec.NodeName = Node
	}
	event("Scheduled", "", fmt.Sprintf("Successfully assigned %s/%s to %s", pod.Namespace, pod.Name, pod.Spec.NodeName))
	done := pod.Spec.RestartPolicy == corev1.RestartPolicyNever
	pod.Status.PodIP = ip
	pod.Status.PodIPs = []corev1.PodIP{{IP: ip}}
	pod.Status.HostIP = "172.18.0.2"
	pod.Status.StartTime = &now
	cond := func(t corev1.PodConditionType, s corev1.ConditionStatus) corev1.PodCondition {
		return corev1.PodCondition{Type: t, Status: s, LastTransitionTime: now}
	}
	ready := corev1.ConditionTrue
	if done {
		ready = corev1.ConditionFalse
	}
	pod.Status.Conditions = []corev1.PodCondition{
		cond(corev1.PodReadyToStartContainers, corev1.ConditionTrue), cond(corev1.PodInitialized, corev1.ConditionTrue),
		cond(corev1.ContainersReady, ready), cond(corev1.PodReady, ready), cond(corev1.PodScheduled, corev1.ConditionTrue),
	}
	for _, ct := range pod.Spec.Containers {
		event("Pulled", ct.Name, fmt.Sprintf("Container image %q already present on machine", ct.Image))
		event("Created", ct.Name, "Created container: "+ct.Name)
		event("Started", ct.Name, "Started container "+ct.Name)
		st := corev1.ContainerStatus{Name: ct.Name, Image: ct.Image, Ready: !done, Started: &[]bool{!done}[0],
			ContainerID: "containerd://" + strings.Repeat("a", 12) + ct.Name,
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}}}
		if done {
			st.State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", FinishedAt: now, ContainerID: st.ContainerID}}
		}
		pod.Status.ContainerStatuses = append(pod.Status.ContainerStatuses, st)
	}
	pod.Status.Phase = corev1.PodRunning
	if done {
		pod.Status.Phase = corev1.PodSucceeded
	}
	_, _ = c.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, pod, metav1.UpdateOptions{})
}

// FakeExec answers exec calls from a table of command lines to outputs; it
// records every call. An unknown command answers with nothing. A command
// in Fails fails with its error; one in After then plays what the command
// does to the Pod (Restart, SetReady).
type FakeExec struct {
	mu      sync.Mutex
	Answers map[string]string
	Fails   map[string]error
	After   map[string]func(ns, pod string)
	Calls   []string
}

// Exec is a kube.ExecFunc.
func (f *FakeExec) Exec(_ context.Context, ns, pod, container string, cmd []string) (string, string, error) {
	f.mu.Lock()
	line := strings.Join(cmd, " ")
	f.Calls = append(f.Calls, pod+"/"+container+": "+line)
	out, err, after := f.Answers[line], f.Fails[line], f.After[line]
	f.mu.Unlock()
	if after != nil {
		after(ns, pod)
	}
	if err != nil {
		return "", "", err
	}
	return out, "", nil
}

// Fail makes line fail with err from now on (nil: succeed again).
func (f *FakeExec) Fail(line string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Fails == nil {
		f.Fails = map[string]error{}
	}
	f.Fails[line] = err
}

// FakeClients returns clients backed by a fake clientset with a fake kubelet
// running until ctx ends.
func FakeClients(ctx context.Context, exec *FakeExec, objects ...runtime.Object) (*kube.Clients, *fake.Clientset, error) {
	c := fake.NewClientset(objects...)
	// A real API server stores nothing it creates in a dry run; the fake would.
	c.PrependReactor("create", "*", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if ca, ok := a.(k8stesting.CreateActionImpl); ok && len(ca.CreateOptions.DryRun) > 0 {
			return true, ca.GetObject(), nil
		}
		return false, nil, nil
	})
	// The API server fills in what a Pod leaves out that the lessons read.
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if p, ok := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod); ok {
			ResourceDefaults(p)
			for i := range p.Spec.Containers {
				ct := &p.Spec.Containers[i]
				probeDefaults(ct.LivenessProbe)
				probeDefaults(ct.ReadinessProbe)
				probeDefaults(ct.StartupProbe)
			}
		}
		return false, nil, nil
	})
	// The user may do everything, as the cluster's admin (DenyAccess takes some away).
	c.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		r := a.(k8stesting.CreateAction).GetObject().(*authv1.SelfSubjectAccessReview).DeepCopy()
		r.Status.Allowed = true
		return true, r, nil
	})
	if err := FakeKubelet(ctx, c); err != nil {
		return nil, nil, err
	}
	go fakeEndpoints(ctx, c)
	if exec == nil {
		exec = &FakeExec{}
	}
	// explain reads a real API server's OpenAPI v3 document (client-go's
	// openapitest copy): the fake's discovery has none.
	return &kube.Clients{Client: c, Exec: exec.Exec, OpenAPI: openapitest.NewEmbeddedFileClient, Context: "fake", Server: "https://fake"}, c, nil
}

// DenyAccess makes the fake API server answer a SelfSubjectAccessReview
// for verb on resource (as "pods/exec" for a subresource) with "no", as
// for a user bound to the edit role in one namespace only.
func DenyAccess(c *fake.Clientset, verb, resource string) {
	c.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		r := a.(k8stesting.CreateAction).GetObject().(*authv1.SelfSubjectAccessReview).DeepCopy()
		ra := r.Spec.ResourceAttributes
		res := ra.Resource
		if ra.Subresource != "" {
			res += "/" + ra.Subresource
		}
		if ra.Verb != verb || res != resource {
			return false, nil, nil
		}
		r.Status.Allowed = false
		return true, r, nil
	})
}
