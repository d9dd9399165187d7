package resources

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// The kubectl waits the resources steps show wait for what kpod waits for.
func TestWaitsAsKubectl(t *testing.T) {
	scheduled := func(s corev1.ConditionStatus) *corev1.Pod {
		p := lessontest.PodIn(map[corev1.PodConditionType]corev1.ConditionStatus{corev1.PodScheduled: s})
		p.Status.Phase = corev1.PodPending
		return p
	}
	lessontest.AsKubectlWaits(t, Unschedulable, map[string]*corev1.Pod{
		"not tried yet": lessontest.PodIn(nil),
		"no node fits":  scheduled(corev1.ConditionFalse),
		"scheduled":     scheduled(corev1.ConditionTrue),
	})
	// oom-demo's one container, with a memory limit, as the kubelet tells it.
	oom := func(restarts int32, last *corev1.ContainerStateTerminated) *corev1.Pod {
		p := lessontest.PodIn(nil, corev1.ContainerStatus{Name: "memory-hog", RestartCount: restarts,
			LastTerminationState: corev1.ContainerState{Terminated: last}})
		p.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}
		return p
	}
	lessontest.AsKubectlWaits(t, OOMRestarted, map[string]*corev1.Pod{
		"first run":                   oom(0, nil),
		"OOMKilled, restarted":        oom(1, &corev1.ContainerStateTerminated{Reason: "OOMKilled", ExitCode: 137}),
		"Error 137 (kind), restarted": oom(1, &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 137}),
		"ended with an error":         oom(1, &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1}),
	})
}
