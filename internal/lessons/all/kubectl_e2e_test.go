//go:build e2e

package all

import (
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// kubectlSample is what `make e2e` compares: the lessons that show the most
// `get` and `describe` output (custom columns, -o wide, describe of a
// scheduled, an unschedulable and an OOM-killed Pod). KPOD_E2E_KUBECTL=all
// (make e2e-kubectl) compares every lesson.
var kubectlSample = map[string]bool{"run": true, "resources": true}

// What a lesson shows as the output of `kubectl get` or `kubectl describe`
// is what kubectl itself prints for that command on the same cluster, and
// every `kubectl wait` it shows is one kubectl takes.
func TestShownOutputIsKubectls(t *testing.T) {
	every := os.Getenv("KPOD_E2E_KUBECTL") == "all"
	for _, l := range Lessons {
		t.Run(l.Name, func(t *testing.T) {
			if !every && !kubectlSample[l.Name] {
				t.Skip("not in make e2e's sample; KPOD_E2E_KUBECTL=all runs it")
			}
			lessontest.Cleanup(t)
			r := lessontest.Lesson(t, l.Name, "--keep")
			n := lessontest.ShownAsKubectl(t, r)
			t.Logf("%s: compared %d kubectl commands with kubectl's own output", l.Name, n)
		})
	}
}
