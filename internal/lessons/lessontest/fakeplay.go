package lessontest

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// What the fake kubelet does later in a Pod's life, when a test's exec
// answer (FakeExec.After) says the container was broken or mended.

// Restart plays a liveness probe giving up on a container of a Pod took
// after now: the kubelet's Unhealthy and Killing Events stamped then, and
// the container started again a second later (Rerun, exit 137 Error).
func Restart(ctx context.Context, c kubernetes.Interface, ns, pod, container string, took time.Duration) {
	p, err := c.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
	if err != nil {
		return
	}
	at := metav1.NewTime(time.Now().Add(took))
	PodEvent(ctx, c, p, container, "Unhealthy", "Liveness probe failed: the check the lesson broke", at)
	PodEvent(ctx, c, p, container, "Killing", "Container "+container+" failed liveness probe, will be restarted", at)
	Rerun(ctx, c, ns, pod, container, "Error", metav1.NewTime(at.Add(time.Second)))
}

// Rerun plays a container of a Pod ended at (exit 137, for reason) and
// started again: one restart more, its last state terminated.
func Rerun(ctx context.Context, c kubernetes.Interface, ns, pod, container, reason string, at metav1.Time) {
	p, err := c.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
	if err != nil {
		return
	}
	for i := range p.Status.ContainerStatuses {
		st := &p.Status.ContainerStatuses[i]
		if st.Name != container {
			continue
		}
		st.RestartCount++
		st.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 137, Reason: reason, StartedAt: p.CreationTimestamp, FinishedAt: at, ContainerID: st.ContainerID}}
		st.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at}}
	}
	_, _ = c.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
}

// SetReady plays a readiness probe failing (a Readiness Unhealthy Event,
// the Pod not Ready) or passing again, its containers kept running.
func SetReady(ctx context.Context, c kubernetes.Interface, ns, pod string, ready bool) {
	p, err := c.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
	if err != nil {
		return
	}
	status := corev1.ConditionTrue
	if !ready {
		status = corev1.ConditionFalse
		PodEvent(ctx, c, p, p.Spec.Containers[0].Name, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 404", metav1.Now())
	}
	for i := range p.Status.ContainerStatuses {
		p.Status.ContainerStatuses[i].Ready = ready
	}
	for i, cond := range p.Status.Conditions {
		if cond.Type == corev1.PodReady || cond.Type == corev1.ContainersReady {
			p.Status.Conditions[i].Status, p.Status.Conditions[i].LastTransitionTime = status, metav1.Now()
		}
	}
	_, _ = c.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
}

// PodEvent posts an Event about a Pod (and one of its containers, if not
// ""), as the kubelet would, stamped at.
func PodEvent(ctx context.Context, c kubernetes.Interface, p *corev1.Pod, container, reason, msg string, at metav1.Time) {
	path := ""
	if container != "" {
		path = "spec.containers{" + container + "}"
	}
	name := fmt.Sprintf("%s.%d", p.Name, time.Now().UnixNano())
	_, _ = c.CoreV1().Events(p.Namespace).Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: name, UID: types.UID(p.Namespace + "/" + name), Namespace: p.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: p.Name, Namespace: p.Namespace, UID: p.UID, FieldPath: path},
		Reason:         reason, Message: msg, Count: 1, FirstTimestamp: at, LastTimestamp: at, Type: corev1.EventTypeWarning,
	}, metav1.CreateOptions{})
}

// fakeEndpoints plays the EndpointSlice controller every 50ms until ctx
// ends: each Service with a selector has one slice, with an endpoint for
// each selected Pod that has an IP, ready when the Pod is.
func fakeEndpoints(ctx context.Context, c kubernetes.Interface) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		services, err := c.CoreV1().Services("").List(ctx, metav1.ListOptions{})
		if err != nil {
			continue
		}
		for i := range services.Items {
			endpointSlice(ctx, c, &services.Items[i])
		}
	}
}

func endpointSlice(ctx context.Context, c kubernetes.Interface, svc *corev1.Service) {
	if len(svc.Spec.Selector) == 0 {
		return
	}
	pods, err := c.CoreV1().Pods(svc.Namespace).List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(svc.Spec.Selector).String()})
	if err != nil {
		return
	}
	want := discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: svc.Name, Namespace: svc.Namespace, Labels: map[string]string{discoveryv1.LabelServiceName: svc.Name}},
		AddressType: discoveryv1.AddressTypeIPv4,
	}
	for i := range pods.Items {
		p := &pods.Items[i]
		if p.Status.PodIP == "" || p.DeletionTimestamp != nil {
			continue
		}
		ready := false
		for _, cond := range p.Status.Conditions {
			ready = ready || cond.Type == corev1.PodReady && cond.Status == corev1.ConditionTrue
		}
		want.Endpoints = append(want.Endpoints, discoveryv1.Endpoint{Addresses: []string{p.Status.PodIP},
			Conditions: discoveryv1.EndpointConditions{Ready: &ready},
			TargetRef:  &corev1.ObjectReference{Kind: "Pod", Name: p.Name, Namespace: p.Namespace}})
	}
	slices := c.DiscoveryV1().EndpointSlices(svc.Namespace)
	have, err := slices.Get(ctx, svc.Name, metav1.GetOptions{})
	switch {
	case err != nil:
		_, _ = slices.Create(ctx, &want, metav1.CreateOptions{})
	case endpointsKey(have) != endpointsKey(&want):
		want.ResourceVersion = have.ResourceVersion
		_, _ = slices.Update(ctx, &want, metav1.UpdateOptions{})
	}
}

func endpointsKey(sl *discoveryv1.EndpointSlice) string {
	out := ""
	for _, e := range sl.Endpoints {
		out += fmt.Sprint(e.Addresses, e.Conditions.Ready != nil && *e.Conditions.Ready)
	}
	return out
}

// probeDefaults fills in a probe's timings as the API server does.
func probeDefaults(p *corev1.Probe) {
	if p == nil {
		return
	}
	for _, f := range []struct {
		field *int32
		value int32
	}{{&p.TimeoutSeconds, 1}, {&p.PeriodSeconds, 10}, {&p.SuccessThreshold, 1}, {&p.FailureThreshold, 3}} {
		if *f.field == 0 {
			*f.field = f.value
		}
	}
}

// FakeLogs makes the fake API server answer a container's log from logs,
// keyed by the container's name ("" for a request naming none): client-go's
// fake does not say which Pod is asked. Any other log reads "fake logs",
// client-go's answer.
func FakeLogs(c *fake.Clientset, logs map[string]string) {
	c.PrependReactor("get", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		g, ok := a.(k8stesting.GenericAction)
		if !ok || a.GetSubresource() != "log" {
			return false, nil, nil
		}
		container := ""
		if opts, ok := g.GetValue().(*corev1.PodLogOptions); ok {
			container = opts.Container
		}
		out, ok := logs[container]
		if !ok {
			return false, nil, nil
		}
		return true, &runtime.Unknown{Raw: []byte(out)}, nil
	})
}

// insufficient names the first resource (cpu, memory) of which a Pod's
// containers request more than node n can allocate, as the scheduler
// does; "" if it fits.
func insufficient(p *corev1.Pod, n *corev1.Node) string {
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		var sum resource.Quantity
		for _, ct := range p.Spec.Containers {
			if q, ok := ct.Resources.Requests[r]; ok {
				sum.Add(q)
			}
		}
		if alloc, ok := n.Status.Allocatable[r]; ok && sum.Cmp(alloc) > 0 {
			return string(r)
		}
	}
	return ""
}

// unschedulable plays the scheduler finding no node for a Pod on a
// one-node cluster: PodScheduled False, and its FailedScheduling Event.
func unschedulable(ctx context.Context, c kubernetes.Interface, p *corev1.Pod, short string) {
	PodEvent(ctx, c, p, "", "FailedScheduling", "0/1 nodes are available: 1 Insufficient "+short+
		". preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", metav1.Now())
	p.Status.Phase = corev1.PodPending
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse,
		Reason: corev1.PodReasonUnschedulable, Message: "0/1 nodes are available: 1 Insufficient " + short + ".", LastTransitionTime: metav1.Now()}}
	_, _ = c.CoreV1().Pods(p.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{})
}

// InitProgress plays a Pod's init containers, for a Pod the fake kubelet
// left alone (HoldPods): the first done have completed, the next runs (or,
// failed, crash-loops on exit 1), the rest wait. With all done, the fake
// kubelet starts the Pod's containers as it starts any Pod. Finished init
// containers keep their times from earlier calls.
func InitProgress(ctx context.Context, c *fake.Clientset, ns, pod string, done int, failed bool) {
	p, err := c.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
	if err != nil {
		return
	}
	now := metav1.Now()
	old := p.Status.InitContainerStatuses
	p.Status.InitContainerStatuses = nil
	for i, ct := range p.Spec.InitContainers {
		st := corev1.ContainerStatus{Name: ct.Name, Image: ct.Image, ContainerID: "containerd://" + ct.Name}
		var was corev1.ContainerState
		if i < len(old) {
			was = old[i].State
		}
		switch {
		case i < done && was.Terminated != nil:
			st.State = was
		case i < done:
			started := now
			if was.Running != nil {
				started = was.Running.StartedAt
			}
			st.State.Terminated = &corev1.ContainerStateTerminated{Reason: "Completed", StartedAt: started, FinishedAt: now, ContainerID: st.ContainerID}
		case i == done && failed:
			st.RestartCount = 1
			st.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error", StartedAt: now, FinishedAt: now}
			st.State.Waiting = &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff", Message: "back-off 10s restarting failed container=" + ct.Name}
		case i == done && was.Running != nil:
			st.State = was
		case i == done:
			st.State.Running = &corev1.ContainerStateRunning{StartedAt: now}
		default:
			st.State.Waiting = &corev1.ContainerStateWaiting{Reason: "PodInitializing"}
		}
		p.Status.InitContainerStatuses = append(p.Status.InitContainerStatuses, st)
	}
	if done >= len(p.Spec.InitContainers) {
		p.Status.ContainerStatuses, p.Status.Conditions = nil, nil
		start(ctx, c, p, "10.244.0.200")
		return
	}
	p.Status.Phase = corev1.PodPending
	p.Status.PodIP, p.Status.PodIPs, p.Status.HostIP = "10.244.0.200", []corev1.PodIP{{IP: "10.244.0.200"}}, "172.18.0.2"
	p.Status.ContainerStatuses = nil
	for _, ct := range p.Spec.Containers {
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{Name: ct.Name, Image: ct.Image,
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}})
	}
	p.Status.Conditions = []corev1.PodCondition{
		{Type: corev1.PodInitialized, Status: corev1.ConditionFalse, LastTransitionTime: now},
		{Type: corev1.PodReady, Status: corev1.ConditionFalse, LastTransitionTime: now},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: now},
	}
	_, _ = c.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
}

// HoldPods makes the fake kubelet leave the named Pods alone when they are
// created (on Node, Pending), for the test to play them (InitProgress).
func HoldPods(c *fake.Clientset, names ...string) {
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p, ok := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		for _, n := range names {
			if ok && p.Name == n {
				p.Spec.NodeName, p.Status.Phase = Node, corev1.PodPending
			}
		}
		return false, nil, nil
	})
}
