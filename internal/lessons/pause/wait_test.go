package pause

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// The kubectl waits the restart step shows wait for what kpod waits for:
// the shell container's first restart, then Ready.
func TestWaitsAsKubectl(t *testing.T) {
	ready := map[corev1.PodConditionType]corev1.ConditionStatus{corev1.PodReady: corev1.ConditionTrue}
	notReady := map[corev1.PodConditionType]corev1.ConditionStatus{corev1.PodReady: corev1.ConditionFalse}
	c := func(name string, restarts int32) corev1.ContainerStatus {
		return corev1.ContainerStatus{Name: name, RestartCount: restarts}
	}
	pods := map[string]*corev1.Pod{
		"before the kill":          lessontest.PodIn(ready, c("nginx", 0), c(shell, 0)),
		"restarted, Ready":         lessontest.PodIn(ready, c("nginx", 0), c(shell, 1)),
		"restarted, not Ready yet": lessontest.PodIn(notReady, c("nginx", 0), c(shell, 1)),
		"the other one restarted":  lessontest.PodIn(ready, c("nginx", 1), c(shell, 0)),
		"restarted twice":          lessontest.PodIn(ready, c("nginx", 0), c(shell, 2)),
		"no container status yet":  lessontest.PodIn(nil),
	}
	lessontest.AsKubectlWaits(t, restarted, pods)
	lessontest.AsKubectlWaits(t, lessons.Ready, pods)
}
