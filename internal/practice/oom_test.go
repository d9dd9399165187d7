package practice_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kpod-dev/kpod/internal/practice"
)

// OOMKilled takes the runtime's OOMKilled, and the Error, 137 that kind's
// containerd reports for the same kill, only where nothing but the memory
// limit sends SIGKILL.
func TestOOMKilled(t *testing.T) {
	pod := func(reason string, code int32, limit bool, liveness bool) *corev1.Pod {
		c := corev1.Container{Name: "hog"}
		if limit {
			c.Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}
		}
		if liveness {
			c.LivenessProbe = &corev1.Probe{}
		}
		return &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{c}},
			Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "hog",
				State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: reason, ExitCode: code}}}}}}
	}
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		ok   bool
	}{
		{"OOMKilled", pod("OOMKilled", 137, true, false), true},
		{"Error 137 under a memory limit", pod("Error", 137, true, false), true},
		{"Error 137 with a liveness probe", pod("Error", 137, true, true), false},
		{"Error 137 without a memory limit", pod("Error", 137, false, false), false},
		{"Error 1", pod("Error", 1, true, false), false},
	} {
		if got := practice.OOMKilled(nil, tc.pod) == nil; got != tc.ok {
			t.Errorf("%s: holds %v, want %v", tc.name, got, tc.ok)
		}
	}
}
