//go:build e2e

package torture

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// The API server goes away for 10 s in the middle of a lesson (the
// harness stops it and starts it again). kpod either resumes, or stops
// with one line; either way it has cleaned up once the server is back,
// and its timeline told no event twice and none that the cluster did not
// record.
func TestAPIServerAway(t *testing.T) {
	script := harness(t)
	c := lessontest.Client(t)
	lessontest.Binary(t)
	lessontest.Cleanup(t)
	ns := lessontest.Namespace
	rec := lessontest.Record(t, c, ns)
	run := lessontest.Step(t, "run")
	run.To("run-way") // pod/webserver runs; file-way is next
	outage := make(chan error, 1)
	t0 := time.Now()
	go func() {
		out, err := exec.Command(script, "outage", "10").CombinedOutput()
		if err != nil {
			err = fmt.Errorf("%v\n%s", err, out)
		}
		outage <- err
	}()
	r := run.End()
	if err := <-outage; err != nil {
		t.Fatalf("the harness did not bring the API server back: %v", err)
	}
	figure(t, "lesson and outage", time.Since(t0))
	count(t, "runs", 1)
	count(t, "failures", 1)
	t.Logf("kpod exited %d; stderr: %s", r.Code, r.Stderr)
	switch {
	case r.Code == 0: // resumed
	case r.Code == 1 && oneLine(r.Stderr):
	default:
		t.Errorf("kpod exited %d, want 0 (resumed) or 1 with one line; stderr: %q", r.Code, r.Stderr)
	}
	seen := map[string]bool{}
	for _, e := range r.Of("event") {
		key := fmt.Sprint(e["source"], e["pod"], e["container"], e["reason"], e["label"], e["message"], e["count"])
		if seen[key] {
			t.Errorf("told twice: %v", e)
		}
		seen[key] = true
		if e["source"] == "event" {
			pod, _ := e["pod"].(string)
			reason, _ := e["reason"].(string)
			if len(rec.Events(pod, reason)) == 0 {
				t.Errorf("told an Event the cluster did not record: %v", e)
			}
		}
	}
	nothingLeft(t, c, ns, nil, "once the API server was back")
	controllersBack(t, c)
}

// harness is scripts/e2e-cluster; the test needs the harness's cluster
// (its API server is a process of this machine) and root.
func harness(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "e2e-cluster")
	if out, err := exec.Command(script, "status").CombinedOutput(); err != nil {
		t.Skipf("not the harness's cluster (scripts/e2e-cluster status: %v)\n%s", err, out)
	}
	if os.Geteuid() != 0 {
		t.Skip("stopping the harness's API server needs root")
	}
	return script
}

// controllersBack waits until the controller manager, which lost its
// watches with the API server, makes a new namespace's default
// ServiceAccount again: the tests after this one make namespaces.
func controllersBack(t *testing.T, c kubernetes.Interface) {
	t.Helper()
	ns := ownNamespace(t, c, "after-outage")
	if err := kube.WaitServiceAccount(context.Background(), c, ns, "default", 3*time.Minute); err != nil {
		t.Fatalf("no default ServiceAccount in a new namespace 3 min after the outage: the controller manager did not come back (%v)", err)
	}
}
