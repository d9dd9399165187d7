package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestPodStatus(t *testing.T) {
	waiting := func(r string) corev1.ContainerState {
		return corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: r}}
	}
	done := func(code int32, r string) corev1.ContainerState {
		return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code, Reason: r}}
	}
	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	two := []corev1.Container{{Name: "a"}, {Name: "b"}}
	for _, tc := range []struct {
		name string
		pod  corev1.Pod
		want string
	}{
		{"pending", corev1.Pod{Status: corev1.PodStatus{Phase: "Pending"}}, "Pending"},
		{"creating", corev1.Pod{Status: corev1.PodStatus{Phase: "Pending", ContainerStatuses: []corev1.ContainerStatus{{State: waiting("ContainerCreating")}}}}, "ContainerCreating"},
		{"init 0/2", corev1.Pod{Spec: corev1.PodSpec{InitContainers: two}, Status: corev1.PodStatus{Phase: "Pending",
			InitContainerStatuses: []corev1.ContainerStatus{{State: running}, {State: waiting("PodInitializing")}}}}, "Init:0/2"},
		{"init 1/2", corev1.Pod{Spec: corev1.PodSpec{InitContainers: two}, Status: corev1.PodStatus{Phase: "Pending",
			InitContainerStatuses: []corev1.ContainerStatus{{State: done(0, "Completed")}, {State: running}}}}, "Init:1/2"},
		{"init error", corev1.Pod{Spec: corev1.PodSpec{InitContainers: two}, Status: corev1.PodStatus{Phase: "Pending",
			InitContainerStatuses: []corev1.ContainerStatus{{State: done(1, "Error")}}}}, "Init:Error"},
		{"crash loop", corev1.Pod{Status: corev1.PodStatus{Phase: "Running", ContainerStatuses: []corev1.ContainerStatus{{State: waiting("CrashLoopBackOff")}}}}, "CrashLoopBackOff"},
		{"oom", corev1.Pod{Status: corev1.PodStatus{Phase: "Running", ContainerStatuses: []corev1.ContainerStatus{{State: done(137, "OOMKilled")}}}}, "OOMKilled"},
		{"running", corev1.Pod{Status: corev1.PodStatus{Phase: "Running", ContainerStatuses: []corev1.ContainerStatus{{State: running, Ready: true}}}}, "Running"},
		{"completed", corev1.Pod{Status: corev1.PodStatus{Phase: "Succeeded", ContainerStatuses: []corev1.ContainerStatus{{State: done(0, "Completed")}}}}, "Completed"},
	} {
		if got := PodStatus(&tc.pod); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A container is found in either list of the spec; its PID 1 is its
// command's first word, or "" for its image's entrypoint.
func TestContainerSpecAndPID1(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "setup", Command: []string{"sh", "-c", "true"}}},
		Containers:     []corev1.Container{{Name: "web", Image: "nginx"}},
	}}
	if c := ContainerSpec(pod, "setup"); c == nil || PID1(c) != "sh" {
		t.Errorf("setup: %+v", c)
	}
	if c := ContainerSpec(pod, "web"); c == nil || PID1(c) != "" {
		t.Errorf("web: %+v", c)
	}
	if c := ContainerSpec(pod, "none"); c != nil {
		t.Errorf("none: %+v", c)
	}
}
