//go:build e2e

package initlesson_test

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestInitOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	start := time.Now()
	r := lessontest.Lesson(t, "init")
	t.Logf("kpod init took %s", time.Since(start).Round(100*time.Millisecond))

	// The Pod went through Init:0/2 and Init:1/2, in that order, to Running.
	versions, _ := rec.Last("myapp-pod")
	if len(versions) == 0 {
		t.Fatal("pod/myapp-pod was never seen")
	}
	var statuses []string
	for _, p := range versions {
		if s := kube.PodStatus(p); len(statuses) == 0 || statuses[len(statuses)-1] != s {
			statuses = append(statuses, s)
		}
	}
	seq := strings.Join(statuses, " ")
	i0, i1, run := strings.Index(seq, "Init:0/2"), strings.Index(seq, "Init:1/2"), strings.LastIndex(seq, "Running")
	if i0 < 0 || i1 < i0 || run < i1 {
		t.Errorf("want STATUS Init:0/2, then Init:1/2, then Running; saw %s", seq)
	}

	// The init containers finished in order, and the app started after both.
	var final *corev1.Pod
	for _, p := range versions {
		if cs := kube.ContainerStatus(p, "myapp-container"); cs != nil && cs.State.Running != nil && len(p.Status.InitContainerStatuses) == 2 {
			final = p
			break
		}
	}
	if final == nil {
		t.Fatal("the app container of pod/myapp-pod never ran")
	}
	first, second := final.Status.InitContainerStatuses[0], final.Status.InitContainerStatuses[1]
	if first.Name != "init-myservice" || second.Name != "init-mydb" || first.State.Terminated == nil || second.State.Terminated == nil {
		t.Fatalf("init containers did not both finish: %+v", final.Status.InitContainerStatuses)
	}
	if first.State.Terminated.ExitCode != 0 || second.State.Terminated.ExitCode != 0 {
		t.Errorf("init containers exited %d and %d", first.State.Terminated.ExitCode, second.State.Terminated.ExitCode)
	}
	if second.State.Terminated.StartedAt.Before(&first.State.Terminated.FinishedAt) {
		t.Errorf("init-mydb started at %s, before init-myservice finished at %s", second.State.Terminated.StartedAt, first.State.Terminated.FinishedAt)
	}
	app := kube.ContainerStatus(final, "myapp-container").State.Running.StartedAt
	if app.Before(&second.State.Terminated.FinishedAt) {
		t.Errorf("the app started at %s, before init-mydb finished at %s", app, second.State.Terminated.FinishedAt)
	}
	if ok, _ := r.Fact("order.ok").(bool); !ok {
		t.Error("kpod did not find the order right")
	}
	// mydb was made before init-mydb first looked: its log (shown by the
	// lesson's `kubectl logs -c init-mydb`) never waits.
	// (The line also stands in the describe output's Command, so only a
	// log line of its own counts.)
	for _, line := range strings.Split(r.Outputs(), "\n") {
		if strings.TrimSpace(line) == "waiting for mydb" {
			t.Errorf("init-mydb did not find mydb at its first lookup:\n%s", r.Outputs())
			break
		}
	}
	if !strings.Contains(r.Outputs(), "The app is running!") {
		t.Errorf("the app's line is not in its log:\n%s", r.Outputs())
	}

	// The failing init container kept the app container from ever running.
	failing, uid := rec.Last("myapp-fail")
	if len(failing) == 0 {
		t.Fatal("pod/myapp-fail was never seen")
	}
	var sawError, sawBackOff bool
	for _, p := range failing {
		s := kube.PodStatus(p)
		sawError = sawError || s == "Init:Error"
		sawBackOff = sawBackOff || s == "Init:CrashLoopBackOff"
		if cs := kube.ContainerStatus(p, "myapp-container"); cs != nil && (cs.State.Running != nil || cs.State.Terminated != nil || cs.RestartCount > 0) {
			t.Errorf("the app container of pod/myapp-fail ran: %+v", cs.State)
		}
	}
	if !sawError || !sawBackOff {
		t.Errorf("pod/myapp-fail: saw Init:Error %v, Init:CrashLoopBackOff %v", sawError, sawBackOff)
	}
	for _, e := range rec.EventsFor("myapp-fail", uid, "Started", "") {
		if strings.Contains(e.InvolvedObject.FieldPath, "spec.containers{") {
			t.Errorf("the app container of pod/myapp-fail was started: %s", e.Message)
		}
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
