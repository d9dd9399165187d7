//go:build e2e

package env_test

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func envOf(t *testing.T, out string) map[string]string {
	t.Helper()
	vars := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			vars[k] = v
		}
	}
	return vars
}

func TestEnvOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)

	run := lessontest.Step(t, "env")
	run.To("downward") // both Pods are there; the lesson waits before its recap

	image := envOf(t, lessontest.Exec(t, c, "web-plain", "", "env"))
	got := envOf(t, lessontest.Exec(t, c, "web-env", "", "env"))
	p, err := c.CoreV1().Pods(lessontest.Namespace).Get(context.Background(), "web-env", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}

	// Plain values from the spec: GREETING is new, one overrides an image variable.
	overridden := ""
	for _, e := range p.Spec.Containers[0].Env {
		if e.ValueFrom != nil {
			continue
		}
		if got[e.Name] != e.Value {
			t.Errorf("%s=%q in the container, the spec says %q", e.Name, got[e.Name], e.Value)
		}
		if was, ok := image[e.Name]; ok {
			overridden = e.Name
			if was == e.Value {
				t.Errorf("%s was already %q in the image: nothing was overridden", e.Name, was)
			}
		}
	}
	if overridden == "" {
		t.Errorf("the Pod overrides none of the image's variables %v", image)
	}
	if _, ok := image["GREETING"]; ok || got["GREETING"] == "" {
		t.Errorf("GREETING: image %q, container %q", image["GREETING"], got["GREETING"])
	}
	// The image's other variables are still there, unchanged.
	for _, k := range []string{"PATH"} {
		if got[k] != image[k] {
			t.Errorf("%s changed: %q -> %q", k, image[k], got[k])
		}
	}

	// The Downward API told the container the truth about its Pod.
	for k, want := range map[string]string{
		"POD_NAME": p.Name, "POD_NAMESPACE": p.Namespace, "POD_IP": p.Status.PodIP, "NODE_NAME": p.Spec.NodeName,
		"MEMORY_LIMIT_MIB": "128", "CPU_LIMIT_MILLICORES": "500",
	} {
		if want == "" || got[k] != want {
			t.Errorf("%s=%q in the container, want %q", k, got[k], want)
		}
	}

	r := run.Finish()
	if r.Fact("env.override.variable") != overridden {
		t.Errorf("kpod said it overrides %v; the cluster shows %s", r.Fact("env.override.variable"), overridden)
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
