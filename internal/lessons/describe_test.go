package lessons

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"
)

func TestDescribeAction(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod", UID: "u1"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.30-alpine"}}},
		Status:     corev1.PodStatus{Phase: corev1.PodPending},
	}
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "web.1", Namespace: "kpod"}, Type: "Normal", Reason: "Scheduled",
		Message: "Successfully assigned kpod/web to node-1", InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", UID: "u1"},
		FirstTimestamp: metav1.NewTime(now.Add(-5 * time.Second)), Source: corev1.EventSource{Component: "default-scheduler"}}
	s := testSession(pod, ev)
	s.Env.Clock = clocktesting.NewFakeClock(now)
	a := Describe("web")
	if got := a.show(s); got != "kubectl describe pod web -n kpod" {
		t.Errorf("show: %q", got)
	}
	out, err := a.run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Name:       web", "Status:     Pending", "Scheduled  5s", "Successfully assigned kpod/web to node-1"} {
		if !strings.Contains(out.Text, want) {
			t.Errorf("no %q in\n%s", want, out.Text)
		}
	}
	if _, err := Describe("gone").run(context.Background(), s); err == nil || !strings.Contains(err.Error(), "pod/gone") {
		t.Errorf("a missing Pod: got %v", err)
	}
}
