package kube

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/fake"
)

func TestDescribeProbe(t *testing.T) {
	base := corev1.Probe{InitialDelaySeconds: 3, TimeoutSeconds: 1, PeriodSeconds: 2, SuccessThreshold: 1, FailureThreshold: 2}
	attrs := " delay=3s timeout=1s period=2s #success=1 #failure=2"
	for _, tc := range []struct {
		handler corev1.ProbeHandler
		want    string
	}{
		{corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/index.html", Port: intstr.FromInt32(80), Scheme: corev1.URISchemeHTTP}}, "http-get http://:80/index.html"},
		{corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(8080)}}, "tcp-socket :8080"},
		{corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"cat", "/tmp/healthy"}}}, "exec [cat /tmp/healthy]"},
	} {
		p := base
		p.ProbeHandler = tc.handler
		if got := DescribeProbe(&p); got != tc.want+attrs {
			t.Errorf("got %q, want %q", got, tc.want+attrs)
		}
	}
}

func TestEventTable(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	at := func(s int) metav1.Time { return metav1.NewTime(now.Add(time.Duration(s) * time.Second)) }
	events := []corev1.Event{
		{Type: "Normal", Reason: "Scheduled", Message: "Successfully assigned kpod/p to node-1", EventTime: metav1.NewMicroTime(now.Add(-30 * time.Second)), ReportingController: "default-scheduler"},
		{Type: "Warning", Reason: "Unhealthy", Message: "Liveness probe failed: HTTP probe failed with statuscode: 404", Count: 2,
			FirstTimestamp: at(-8), LastTimestamp: at(-6), Source: corev1.EventSource{Component: "kubelet"}},
	}
	got := eventTable(events, now)
	for _, want := range []string{"Type     Reason", "Normal   Scheduled  30s", "default-scheduler  Successfully assigned", "6s (x2 over 8s)", "kubelet            Liveness probe failed"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if eventTable(nil, now) != "Events:  <none>\n" {
		t.Errorf("no events: got %q", eventTable(nil, now))
	}
}

func TestDescribeAndPodEvents(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	start := metav1.NewTime(now.Add(-20 * time.Second))
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "kpod", UID: "uid-2"},
		Spec: corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "web", Image: "nginx:1.30-alpine",
			LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}}, TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.244.0.9", HostIP: "10.0.0.1", StartTime: &start,
			ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, RestartCount: 1,
				State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: start}},
				LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 137, StartedAt: start, FinishedAt: start}}}}},
	}
	mine := corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e1", Namespace: "kpod"}, Type: "Normal", Reason: "Killing", Message: "Container web failed liveness probe, will be restarted",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "p", UID: "uid-2"}, FirstTimestamp: start, LastTimestamp: start,
		Source: corev1.EventSource{Component: "kubelet"}}
	older := mine
	older.Name, older.InvolvedObject.UID, older.Reason = "e0", "uid-1", "Pulled"
	c := fake.NewClientset(&mine, &older)
	events, err := PodEvents(context.Background(), c, pod)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Reason != "Killing" {
		t.Fatalf("want only this Pod's Killing event, got %v", events)
	}
	got := Describe(pod, events, now)
	for _, want := range []string{
		"Name:        p", "Node:        node-1/10.0.0.1", "Status:      Running",
		"State:          Running", "Last State:     Terminated", "Exit Code:    137", "Restart Count:  1", "Ready:          True",
		"Liveness:       tcp-socket :80 delay=0s timeout=1s period=10s #success=1 #failure=3",
		"Normal  Killing  20s   kubelet  Container web failed liveness probe",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

func TestDescribeResources(t *testing.T) {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "r", Namespace: "kpod"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.30-alpine",
			Resources: corev1.ResourceRequirements{
				Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("500Mi"), corev1.ResourceCPU: resource.MustParse("1")},
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("200m"), corev1.ResourceMemory: resource.MustParse("250Mi")},
			}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBurstable},
	}
	got := Describe(pod, nil, time.Now())
	for _, want := range []string{"    Limits:\n      cpu:     1\n      memory:  500Mi\n", "    Requests:\n      cpu:     200m\n      memory:  250Mi\n", "QoS Class:       Burstable\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
	if got := Describe(pod, nil, time.Now()); strings.Contains(got, "Limits:") || strings.Contains(got, "Requests:") {
		t.Errorf("a container without resources shows Limits or Requests:\n%s", got)
	}
}
