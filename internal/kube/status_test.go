package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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

func TestOOMKilled(t *testing.T) {
	limited := &corev1.Container{Name: "hog", Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}
	probed := limited.DeepCopy()
	probed.LivenessProbe = &corev1.Probe{}
	unlimited := &corev1.Container{Name: "hog"}
	oom := &corev1.ContainerStateTerminated{Reason: "OOMKilled", ExitCode: 137}
	kill := &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 137} // containerd on kind
	crash := &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1}
	for _, c := range []struct {
		name string
		c    *corev1.Container
		t    *corev1.ContainerStateTerminated
		want bool
	}{
		{"reason OOMKilled", unlimited, oom, true},
		{"reason OOMKilled, no spec", nil, oom, true},
		{"137 under a memory limit", limited, kill, true},
		{"137 without a memory limit", unlimited, kill, false},
		{"137 with a liveness probe", probed, kill, false},
		{"137, no spec", nil, kill, false},
		{"another exit code", limited, crash, false},
		{"not ended", limited, nil, false},
	} {
		if got := OOMKilled(c.c, c.t); got != c.want {
			t.Errorf("%s: OOMKilled = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestUnschedulable(t *testing.T) {
	scheduled := corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}
	gated := corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonSchedulingGated}
	noNode := corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable, Message: "0/1 nodes are available: 1 Insufficient cpu."}
	ready := corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable}
	for _, c := range []struct {
		name  string
		conds []corev1.PodCondition
		want  string // the message of the condition found, "-" for none
	}{
		{"no conditions", nil, "-"},
		{"scheduled", []corev1.PodCondition{scheduled}, "-"},
		{"gated", []corev1.PodCondition{gated}, "-"},
		{"no node", []corev1.PodCondition{ready, noNode}, noNode.Message},
		{"reason on another condition", []corev1.PodCondition{ready}, "-"},
	} {
		p := &corev1.Pod{Status: corev1.PodStatus{Conditions: c.conds}}
		got := "-"
		if cond := Unschedulable(p); cond != nil {
			got = cond.Message
		}
		if got != c.want {
			t.Errorf("%s: Unschedulable = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestIsMirror(t *testing.T) {
	mirror := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{corev1.MirrorPodAnnotationKey: "abc"}}}
	if !IsMirror(mirror) || IsMirror(&corev1.Pod{}) {
		t.Error("IsMirror is wrong")
	}
}
