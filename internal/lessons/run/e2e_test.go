//go:build e2e

package run_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestRunOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	r := lessontest.Lesson(t, "run")

	for _, name := range []string{"webserver", "nginx-pod"} {
		if !rec.Any(name, func(p *corev1.Pod) bool { return p.Status.PodIP != "" && lessontest.Running(p) }) {
			t.Errorf("pod/%s never had an IP and Ready containers", name)
		}
		if len(rec.Events(name, "Scheduled")) == 0 {
			t.Errorf("no Scheduled event for pod/%s", name)
		}
	}
	ip, _ := r.Fact("webserver.ip").(string)
	seen := rec.Pod("webserver")
	if len(seen) == 0 || ip != seen[len(seen)-1].Status.PodIP {
		t.Errorf("kpod reported pod IP %q, the cluster had %v", ip, seen)
	}
	// The web server answered the throwaway client with its page, and the
	// client Pod ran to completion on the cluster.
	if !strings.Contains(strings.ToLower(r.Outputs()), "<html") {
		t.Errorf("no web page in the output:\n%s", r.Outputs())
	}
	if !rec.Any("client", func(p *corev1.Pod) bool { return p.Status.Phase == "Succeeded" }) {
		t.Error("the client Pod never succeeded")
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
