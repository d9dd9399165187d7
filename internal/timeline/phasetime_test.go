package timeline

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"
)

// A recorded run showed "-0.5s Running" (the kubelet's startTime, from
// before the lesson) and "+32.5s Failed" for a Pod created at +33.2s.
func TestPhaseLinesAreNotBeforeThePod(t *testing.T) {
	created := testOrigin.Add(33200 * time.Millisecond)
	clk := &clocktesting.SimpleIntervalClock{Time: created, Duration: 100 * time.Millisecond}
	tl, got := testTimeline("en", func(c *Config) { c.Clock = clk })
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", UID: "u", CreationTimestamp: metav1.NewTime(created)},
		Status: corev1.PodStatus{Phase: corev1.PodPending, StartTime: &metav1.Time{Time: testOrigin.Add(-time.Second)}}}
	tl.podChanged(pod, false)
	running := pod.DeepCopy()
	running.Status.Phase = corev1.PodRunning
	running.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "c", State: corev1.ContainerState{
		Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(testOrigin.Add(-500 * time.Millisecond))}}}}
	tl.podChanged(running, false)
	failed := running.DeepCopy()
	failed.Status.Phase = corev1.PodFailed
	failed.Status.ContainerStatuses[0].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		ExitCode: 1, Reason: "Error", ContainerID: "x://1", FinishedAt: metav1.NewTime(created.Add(-700 * time.Millisecond))}}
	clk.Time = clk.Time.Add(5 * time.Second) // seen late: history
	tl.podChanged(failed, false)
	for _, a := range *got {
		if a.Reason == "Running" || a.Reason == "Failed" {
			if a.At < 0 || a.At < created.Sub(testOrigin)-time.Second {
				t.Errorf("%s at %v, before the Pod was created (+33.2s)", a.Reason, a.At)
			}
		}
	}
}
