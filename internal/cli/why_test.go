package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/ui"
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
	if r.code != 1 || r.err != "error: pod/nope not found in namespace shop; give its namespace with -n NAMESPACE (`kubectl get pods -A` lists every Pod)\n" {
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

// Without -n, why and watch look in the lessons' namespace, then
// practice's, then the context's, and say where they looked.
func TestWhyAndWatchLookInKpodsNamespaces(t *testing.T) {
	kubeconfig := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {}}]
contexts: [{name: c, context: {cluster: c, user: u, namespace: shop}}]
current-context: c
`), 0o600); err != nil {
		t.Fatal(err)
	}
	pod := func(name, ns string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	}
	c := fake.NewClientset(pod("webserver", "kpod"), pod("web", "kpod-practice"), pod("cart", "shop"), pod("web", "shop"))
	for _, tc := range []struct{ pod, ns string }{{"webserver", "kpod"}, {"web", "kpod-practice"}, {"cart", "shop"}} {
		app, _, _ := newApp(fakeConnect(c))
		r := run(t, app, context.Background(), "why", tc.pod, "--kubeconfig", kubeconfig)
		if r.code != 0 || !strings.Contains(r.out, "pod/"+tc.pod+" ("+tc.ns+")") {
			t.Errorf("why %s: exit %d, %s%s", tc.pod, r.code, r.out, r.err)
		}
	}
	for _, cmd := range []string{"why", "watch", "draw"} {
		app, _, _ := newApp(fakeConnect(c))
		r := run(t, app, context.Background(), cmd, "nope", "--kubeconfig", kubeconfig)
		want := "error: pod/nope not found in namespaces kpod, kpod-practice, shop; give its namespace with -n NAMESPACE"
		if r.code != 1 || !strings.HasPrefix(r.err, want) || strings.Count(r.err, "\n") != 1 {
			t.Errorf("%s nope: exit %d, stderr %q, want %q...", cmd, r.code, r.err, want)
		}
	}
	for _, args := range [][]string{{"why", "--help"}, {"watch", "--help"}, {"draw", "--help"}, {"run", "--help"}, {"practice", "--help"}} {
		app, _, _ := newApp(nil)
		if r := run(t, app, context.Background(), args...); !strings.Contains(r.out, "why, watch and draw without -n look for the Pod in\nkpod, then kpod-practice") {
			t.Errorf("%v does not state the namespace rule:\n%s", args, r.out)
		}
	}
}

// kpod why honours --width: its prose wraps under its labels, its
// commands between their words.
func TestWhyFitsTheWidth(t *testing.T) {
	p, ev := crashingPod()
	for _, lang := range []string{"en", "ko"} {
		app, _, _ := newApp(fakeConnect(fake.NewClientset(p, ev)))
		r := run(t, app, context.Background(), "why", "crash", "-n", "shop", "--hints", "--width", "60", "--lang", lang)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		for _, l := range strings.Split(r.out, "\n") {
			if words, _ := ui.SplitCommand(strings.TrimSuffix(strings.TrimSpace(l), " \\")); ui.Width(l) > 60 && len(words) > 1 {
				t.Errorf("%s: %d columns: %q", lang, ui.Width(l), l)
			}
		}
	}
}

// kpod why -w says each new cause once, as it appears, a record with the
// time it saw it: here an OOM kill of a container that then runs again. It
// ends cleanly on Ctrl-C. (diagnose's follow_test.go tests the watch itself.)
func TestWhyWatch(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "hog", Namespace: "shop", UID: "u2"},
		Spec: corev1.PodSpec{NodeName: "n", Containers: []corev1.Container{{Name: "app", Image: "busybox:1.37"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}}}
	c := fake.NewClientset(p)
	app, _, _ := newApp(fakeConnect(c))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		time.Sleep(300 * time.Millisecond)
		q := p.DeepCopy()
		s := &q.Status.ContainerStatuses[0]
		s.RestartCount = 1
		s.State.Running.StartedAt = metav1.Now()
		s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}
		for range 2 { // the same state twice: said once
			if _, err := c.CoreV1().Pods("shop").UpdateStatus(ctx, q, metav1.UpdateOptions{}); err != nil {
				t.Error(err)
			}
			time.Sleep(300 * time.Millisecond)
		}
		cancel() // Ctrl-C
	}()
	r := run(t, app, ctx, "why", "hog", "-n", "shop", "-w", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var cases []string
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var d struct {
			diagnose.Diagnosis
			At string `json:"at"`
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil || d.At == "" {
			t.Fatalf("record %q: %v", line, err)
		}
		cases = append(cases, d.Case)
	}
	if strings.Join(cases, " ") != "healthy oom-killed" {
		t.Errorf("records say %v, want healthy then oom-killed:\n%s", cases, r.out)
	}
	for _, a := range c.Actions() {
		if v := a.GetVerb(); v != "get" && v != "list" && v != "watch" && a.GetSubresource() != "status" {
			t.Errorf("kpod why -w did %s %s", v, a.GetResource().Resource)
		}
	}
}

// kpod why deployment/NAME: no Pod to read, the ReplicaSet's refusal says why.
func TestWhyDeploymentNeverCreated(t *testing.T) {
	one := int32(1)
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "d1"}, Spec: appsv1.DeploymentSpec{Replicas: &one}}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "shop", UID: "r1",
		OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(d, appsv1.SchemeGroupVersion.WithKind("Deployment"))}},
		Spec: appsv1.ReplicaSetSpec{Replicas: &one, Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}}
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "web-1.1", Namespace: "shop"}, Type: "Warning", Reason: "FailedCreate", Count: 9,
		Message:        `Error creating: pods "web-1-x" is forbidden: exceeded quota: small, requested: pods=1, used: pods=2, limited: pods=2`,
		InvolvedObject: corev1.ObjectReference{Kind: "ReplicaSet", Name: "web-1", Namespace: "shop", UID: "r1"}}
	c := fake.NewClientset(d, rs, ev)
	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, context.Background(), "why", "deployment/web", "-n", "shop")
	for _, want := range []string{"State: deployment/web (shop)", "0/1 Pods", "Pod refused: ResourceQuota", "exceeded quota: small", "$ kubectl events --for replicaset/web-1 -n shop"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s%s", want, r.out, r.err)
		}
	}
	app, _, _ = newApp(fakeConnect(c))
	if r := run(t, app, context.Background(), "why", "service/web", "-n", "shop"); r.code != 1 || strings.Count(r.err, "\n") != 1 || !strings.Contains(r.err, "deployment/NAME") {
		t.Errorf("why service/web: exit %d: %s", r.code, r.err)
	}
	app, _, _ = newApp(fakeConnect(c))
	if r := run(t, app, context.Background(), "why", "job/nope", "-n", "shop"); r.code != 1 || !strings.Contains(r.err, "job/nope not found") {
		t.Errorf("why job/nope: exit %d: %s", r.code, r.err)
	}
}

// As a kubectl plugin, kpod why names kpod's commands as the user types
// them: in its errors and in the diagnosis's hints.
func TestWhyNamesThePlugin(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "local", Namespace: "shop", UID: "u1"},
		Spec: corev1.PodSpec{NodeName: "n", Containers: []corev1.Container{{Name: "app", Image: "mine:dev", ImagePullPolicy: corev1.PullNever}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Image: "mine:dev",
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ErrImageNeverPull"}}}}}}
	app, _, _ := newApp(fakeConnect(fake.NewClientset(p)))
	app.Name = "kubectl kpod"
	r := run(t, app, context.Background(), "why", "local", "-n", "shop", "--hints")
	if !strings.Contains(r.out, "`kubectl kpod images load`") || strings.Contains(r.out, "`kpod ") {
		t.Errorf("kubectl kpod why local:\n%s", r.out)
	}
	app, _, _ = newApp(fakeConnect(fake.NewClientset()))
	app.Name = "kubectl kpod"
	if r := run(t, app, context.Background(), "why"); !strings.Contains(r.err, "kubectl kpod why POD") {
		t.Errorf("kubectl kpod why:\n%s", r.err)
	}
}
