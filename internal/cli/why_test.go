package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/diagnose"
)

func crashingPod() (*corev1.Pod, *corev1.Event) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "crash", Namespace: "shop", UID: "u1"},
		Spec: corev1.PodSpec{NodeName: "n", Containers: []corev1.Container{{Name: "app", Image: "busybox:1.37", Command: []string{"sh", "-c", "exit 3"}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "app", RestartCount: 4,
			State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 3, Reason: "Error"}}}}}}
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "crash.1", Namespace: "shop"}, Type: "Warning", Reason: "BackOff", Count: 7,
		Message:        "Back-off restarting failed container app in pod crash_shop(u1)",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "crash", Namespace: "shop", UID: "u1", FieldPath: "spec.containers{app}"},
		LastTimestamp:  metav1.NewTime(time.Now())}
	return p, ev
}

// kpod why reads the Pod, its Events and its previous logs, and prints the
// cause, the evidence and the commands; it changes nothing.
func TestWhy(t *testing.T) {
	p, ev := crashingPod()
	c := fake.NewClientset(p, ev)
	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, context.Background(), "why", "crash", "-n", "shop", "--hints")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{
		"State: pod/crash (shop)", "CrashLoopBackOff", "Container keeps crashing", "exit code 3",
		"Event BackOff (7 times): Back-off restarting failed container app",
		"$ kubectl events --for pod/crash -n shop",
		`status.containerStatuses[app].lastState.terminated.exitCode: 3`,
		"Last log lines of container app, before its last restart:\n    | fake logs",
		"$ kubectl logs crash -c app --previous --tail=1 -n shop",
		"1. Read what the container printed",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
	}
	for _, a := range c.Actions() {
		if v := a.GetVerb(); v != "get" && v != "list" {
			t.Errorf("kpod why did %s %s", v, a.GetResource().Resource)
		}
	}

	app, _, _ = newApp(fakeConnect(c))
	r = run(t, app, context.Background(), "why", "crash", "-n", "shop", "-o", "json", "--lang", "ko")
	var d diagnose.Diagnosis
	if err := json.Unmarshal([]byte(r.out), &d); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.out)
	}
	if d.Case != diagnose.CrashLoop || d.Facts.ExitCode != 3 || !strings.Contains(d.Cause, "종료 코드 3") || len(d.Hints) != 3 {
		t.Errorf("json: %+v", d)
	}
}

func TestWhyBadInput(t *testing.T) {
	app, _, _ := newApp(fakeConnect(fake.NewClientset()))
	r := run(t, app, context.Background(), "why", "nope", "-n", "shop")
	if r.code != 1 || r.err != "error: pod/nope not found in namespace shop\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.err)
	}
	app, _, _ = newApp(nil)
	if r := run(t, app, context.Background(), "why"); r.code != 1 || strings.Count(r.err, "\n") > 2 {
		t.Errorf("no argument: exit %d, stderr %q", r.code, r.err)
	}
	if r := run(t, app, context.Background(), "why", "x"); r.code != 1 || !strings.Contains(r.err, "no cluster") {
		t.Errorf("no cluster: exit %d, stderr %q", r.code, r.err)
	}
}
