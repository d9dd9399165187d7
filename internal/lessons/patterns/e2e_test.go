//go:build e2e

package patterns_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

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
