package probe

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A readiness failure takes the Pod out of Ready and keeps its container
// running; a restart is the error that says the lesson went wrong. A
// liveness failure is met once the container restarted, and Ready again once
// it runs and is ready after that.
func TestConds(t *testing.T) {
	at := func(ready bool, phase corev1.PodPhase, restarts int32, running bool) *corev1.Pod {
		status := corev1.ConditionFalse
		if ready {
			status = corev1.ConditionTrue
		}
		c := corev1.ContainerStatus{Name: "web", Ready: ready, RestartCount: restarts}
		if running {
			c.State.Running = &corev1.ContainerStateRunning{}
		}
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Status: corev1.PodStatus{Phase: phase,
			Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: status}},
			ContainerStatuses: []corev1.ContainerStatus{c}}}
	}
	for _, c := range []struct {
		name string
		fn   func(*corev1.Pod) (bool, error)
		pod  *corev1.Pod
		want bool
	}{
		{"notReadyRunning, Ready", notReadyRunning("web").Fn, at(true, corev1.PodRunning, 0, true), false},
		{"notReadyRunning, not Ready", notReadyRunning("web").Fn, at(false, corev1.PodRunning, 0, true), true},
		{"notReadyRunning, Pending", notReadyRunning("web").Fn, at(false, corev1.PodPending, 0, false), false},
		{"restarted, not yet", restarted("web").Fn, at(false, corev1.PodRunning, 0, true), false},
		{"restarted", restarted("web").Fn, at(false, corev1.PodRunning, 1, false), true},
		{"restarted, another container", restarted("app").Fn, at(false, corev1.PodRunning, 1, false), false},
		{"readyAgain, not restarted", readyAgain("web").Fn, at(true, corev1.PodRunning, 0, true), false},
		{"readyAgain, restarted, not Ready", readyAgain("web").Fn, at(false, corev1.PodRunning, 1, true), false},
		{"readyAgain", readyAgain("web").Fn, at(true, corev1.PodRunning, 1, true), true},
	} {
		if got, err := c.fn(c.pod); got != c.want || err != nil {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	if ok, err := notReadyRunning("web").Fn(at(false, corev1.PodRunning, 1, true)); ok || err == nil || !strings.Contains(err.Error(), "readiness failure restarted") {
		t.Errorf("notReadyRunning after a restart: %v, %v; want the readiness error", ok, err)
	}
}
