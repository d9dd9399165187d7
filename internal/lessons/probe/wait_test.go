package probe

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// The kubectl waits the probe steps show wait for what kpod waits for.
func TestWaitsAsKubectl(t *testing.T) {
	cond := func(s corev1.ConditionStatus) map[corev1.PodConditionType]corev1.ConditionStatus {
		return map[corev1.PodConditionType]corev1.ConditionStatus{corev1.PodReady: s}
	}
	c := func(name string, restarts int32, ready bool) corev1.ContainerStatus {
		return corev1.ContainerStatus{Name: name, RestartCount: restarts, Ready: ready,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}
	}
	const app = "liveness"
	// restarted: the first restart of the container named, whatever Ready says.
	lessontest.AsKubectlWaits(t, restarted(app), map[string]*corev1.Pod{
		"not yet":              lessontest.PodIn(cond(corev1.ConditionTrue), c(app, 0, true)),
		"restarted, Ready":     lessontest.PodIn(cond(corev1.ConditionTrue), c(app, 1, true)),
		"restarted, not Ready": lessontest.PodIn(cond(corev1.ConditionFalse), c(app, 1, false)),
		"restarted twice":      lessontest.PodIn(cond(corev1.ConditionTrue), c(app, 2, true)),
		"a sidecar restarted":  lessontest.PodIn(cond(corev1.ConditionTrue), c("sidecar", 1, true), c(app, 0, true)),
		"no container status":  lessontest.PodIn(nil),
	})
	// readyAgain comes after restarted: the container has restarted once.
	lessontest.AsKubectlWaits(t, readyAgain(app), map[string]*corev1.Pod{
		"Ready again":     lessontest.PodIn(cond(corev1.ConditionTrue), c(app, 1, true)),
		"not Ready again": lessontest.PodIn(cond(corev1.ConditionFalse), c(app, 1, false)),
	})
	// notReadyRunning: out of Ready, the container never restarted.
	lessontest.AsKubectlWaits(t, notReadyRunning("web"), map[string]*corev1.Pod{
		"Ready":     lessontest.PodIn(cond(corev1.ConditionTrue), c("web", 0, true)),
		"not Ready": lessontest.PodIn(cond(corev1.ConditionFalse), c("web", 0, false)),
	})
}
