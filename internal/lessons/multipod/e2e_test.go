//go:build e2e

package multipod_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestMultipodOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	r := lessontest.Lesson(t, "multipod")

	var ip string
	ok := rec.Any("multipod", func(p *corev1.Pod) bool {
		ip = p.Status.PodIP
		return len(p.Status.ContainerStatuses) == 2 && lessontest.Running(p) && ip != ""
	})
	if !ok {
		t.Fatal("pod/multipod never had two ready containers and an IP")
	}
	// Both containers answered `hostname -i` with the one Pod IP.
	outs := r.Of("output")
	var ips []string
	for _, o := range outs {
		if s := strings.TrimSpace(o["text"].(string)); s == ip {
			ips = append(ips, s)
		}
	}
	if len(ips) != 2 {
		t.Errorf("want the Pod IP %s from both containers, got outputs %v", ip, outs)
	}
	// The drawing is of the Pod on the cluster: its IP on the frame and
	// the sandbox, both containers in it.
	drawn := false
	for _, o := range outs {
		s, _ := o["text"].(string)
		drawn = drawn || strings.Contains(s, "pod/multipod") && strings.Count(s, "IP "+ip) == 2 &&
			strings.Contains(s, "nginx-container") && strings.Contains(s, "shell-container")
	}
	if !drawn {
		t.Errorf("no drawing of pod/multipod with IP %s on its frame and sandbox, and both containers: %v", ip, outs)
	}
	// localhost from the shell container reached the web server, which logged it.
	if !strings.Contains(strings.ToLower(r.Outputs()), "<html") {
		t.Errorf("localhost did not answer with a page:\n%s", r.Outputs())
	}
	if !strings.Contains(r.Outputs(), "127.0.0.1") {
		t.Errorf("the web container's log does not show the request:\n%s", r.Outputs())
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
