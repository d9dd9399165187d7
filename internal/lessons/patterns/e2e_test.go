//go:build e2e

package patterns_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestPatternsOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	run := lessontest.Step(t, "patterns", "--pattern", "all")

	// Sidecar: the app logs to the shared file only; the shipper's stdout
	// carries the same lines.
	run.To("sidecar-ship")
	if out := lessontest.Logs(t, c, "sidecar", "app"); out != "" {
		t.Errorf("the app logged to stdout: %q", out)
	}
	file := lessontest.Exec(t, c, "sidecar", "app", "cat", "/var/log/app/access.log")
	shipped := lessontest.Logs(t, c, "sidecar", "log-shipper")
	for _, want := range []string{"url:/index.html", "response:200", "url:/no-such-page", "response:404"} {
		if !strings.Contains(file, want) || !strings.Contains(shipped, want) {
			t.Errorf("%q: in the file %v, shipped %v\nfile:\n%s\nshipped:\n%s", want, strings.Contains(file, want), strings.Contains(shipped, want), file, shipped)
		}
	}

	// Native sidecar: log-shipper is an init container that started before
	// the app and keeps running beside it, never restarted.
	run.To("sidecar-native")
	native, _ := rec.Last("sidecar-native")
	if len(native) == 0 {
		t.Fatal("pod/sidecar-native was never seen")
	}
	np := native[len(native)-1]
	if len(np.Status.InitContainerStatuses) != 1 || len(np.Status.ContainerStatuses) != 1 {
		t.Fatalf("sidecar-native: want one init and one app container status, got %+v", np.Status)
	}
	shipper, app := np.Status.InitContainerStatuses[0], np.Status.ContainerStatuses[0]
	switch {
	case shipper.Name != "log-shipper" || shipper.State.Running == nil || app.State.Running == nil:
		t.Errorf("sidecar-native: want log-shipper and app both running, got %s %+v and %s %+v", shipper.Name, shipper.State, app.Name, app.State)
	case shipper.State.Running.StartedAt.After(app.State.Running.StartedAt.Time):
		t.Errorf("sidecar-native: log-shipper started at %s, after the app at %s", shipper.State.Running.StartedAt, app.State.Running.StartedAt)
	case shipper.RestartCount != 0:
		t.Errorf("sidecar-native: log-shipper restarted %d times", shipper.RestartCount)
	}
	if !rec.Any("sidecar-native", func(p *corev1.Pod) bool {
		return len(p.Status.InitContainerStatuses) == 1 && p.Status.InitContainerStatuses[0].State.Running != nil &&
			len(p.Status.ContainerStatuses) == 1 && p.Status.ContainerStatuses[0].State.Running != nil
	}) {
		t.Error("sidecar-native: never seen with the sidecar still running while the app runs")
	}

	// Adapter: the app's own "name value" lines in, Prometheus text out.
	run.To("adapter-after")
	status := lessontest.Exec(t, c, "adapter", "app", "cat", "/var/run/app/status")
	if !regexp.MustCompile(`(?m)^requests \d+$`).MatchString(status) {
		t.Errorf("the app's status is not in its own format:\n%s", status)
	}
	metrics := lessontest.Exec(t, c, "adapter", "app", "wget", "-qO-", "http://localhost:9100/metrics")
	for _, re := range []string{`(?m)^# TYPE app_requests_total counter$`, `(?m)^app_requests_total \d+$`, `(?m)^app_errors_total \d+$`, `(?m)^app_queue \d+$`} {
		if !regexp.MustCompile(re).MatchString(metrics) {
			t.Errorf("no %s in the adapter's metrics:\n%s", re, metrics)
		}
	}

	// Ambassador: the same request to localhost reaches production, then,
	// after the ConfigMap changed, local.
	ask := func() string {
		return lessontest.Exec(t, c, "ambassador", "app", "wget", "-qO-", "http://localhost:9000/")
	}
	run.To("ambassador-ask")
	if got := ask(); !strings.Contains(got, "PRODUCTION") {
		t.Errorf("before the switch the app got %q", got)
	}
	if log := lessontest.Logs(t, c, "ambassador", "app"); !strings.Contains(log, "answer from the PRODUCTION backend") {
		t.Errorf("the app's own log has no answer from production:\n%s", log)
	}
	run.To("ambassador-ask-again")
	if got := ask(); !strings.Contains(got, "LOCAL") {
		t.Errorf("after the switch the app got %q", got)
	}
	if log := lessontest.Logs(t, c, "ambassador", "app"); !strings.Contains(log, "answer from the LOCAL backend") || strings.Contains(log, "PRODUCTION") {
		t.Errorf("the new Pod's app should hear only from local:\n%s", log)
	}
	for _, b := range []string{"backend-production", "backend-local"} {
		if !strings.Contains(lessontest.Logs(t, c, b, ""), "url:/") {
			t.Errorf("%s never got a request", b)
		}
	}
	// Two ambassador Pods, one app container spec (but for the API token
	// volume Kubernetes mounts into each Pod under its own name).
	var apps []corev1.Container
	uids := map[string]bool{}
	for _, p := range rec.Pod("ambassador") {
		if !uids[string(p.UID)] {
			uids[string(p.UID)] = true
			app := *p.Spec.Containers[0].DeepCopy()
			app.VolumeMounts = nil
			apps = append(apps, app)
		}
	}
	if len(apps) != 2 || !reflect.DeepEqual(apps[0], apps[1]) {
		t.Errorf("want two ambassador Pods with the same app container, got %d: %+v", len(apps), apps)
	}

	// Every Pod of the three patterns was made before the first was Ready.
	rec.Together(t, "sidecar", "sidecar-native", "adapter", "backend-production", "backend-local", "ambassador")

	run.Finish()
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}

// Run again at once, the ambassador's first asks fail while the cluster's
// DNS still gives the address of the backend Service the run before made
// and deleted; kpod says so, with the addresses the cluster has.
func TestAmbassadorRunAgain(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := c.CoreV1().Services(lessontest.Namespace).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var made []string // the ClusterIPs backend-production had, in order
	go func() {
		for e := range w.ResultChan() {
			if s, ok := e.Object.(*corev1.Service); ok && e.Type == watch.Added && s.Name == "backend-production" {
				mu.Lock()
				made = append(made, s.Spec.ClusterIP)
				mu.Unlock()
			}
		}
	}()
	lessontest.Lesson(t, "patterns", "--pattern", "ambassador")
	again := lessontest.Lesson(t, "patterns", "--pattern", "ambassador")
	w.Stop()
	mu.Lock()
	defer mu.Unlock()
	if len(made) != 2 {
		t.Fatalf("backend-production made with addresses %v, want two", made)
	}
	// backend-local may be said too, when the run again asks it within
	// 30 s of the run before.
	var said map[string]any
	for _, n := range again.Of("note") {
		facts, _ := n["facts"].(map[string]any)
		if n["key"] != "ambassador.stale" {
			continue
		}
		if facts["Old"] == facts["IP"] {
			t.Errorf("said a stale name with the Service's own address: %v", facts)
		}
		if facts["Name"] == "backend-production" {
			if said != nil {
				t.Errorf("said backend-production's stale name twice")
			}
			said = n
		}
	}
	if said == nil {
		t.Fatalf("the run again did not say backend-production's stale name:\n%s", again.Stdout)
	}
	if facts, _ := said["facts"].(map[string]any); facts["Old"] != made[0] || facts["IP"] != made[1] {
		t.Errorf("the note's facts %v, want the name's old address %s and the Service's %s", facts, made[0], made[1])
	}
	// The answer comes within the 30 seconds the note says.
	noted, _ := said["t"].(float64)
	for _, o := range again.Of("output") {
		if s, _ := o["text"].(string); strings.Contains(s, "answer from the PRODUCTION") {
			if at, _ := o["t"].(float64); at-noted > 30 {
				t.Errorf("the answer came %.1fs after the note, not within 30s", at-noted)
			}
			break
		}
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
