//go:build e2e

package all

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// What a lesson shows as the output of `kubectl get` or `kubectl describe`
// is what kubectl itself prints for that command on the same cluster.
func TestShownOutputIsKubectls(t *testing.T) {
	for _, l := range Lessons {
		t.Run(l.Name, func(t *testing.T) {
			lessontest.Cleanup(t)
			r := lessontest.Lesson(t, l.Name, "--keep")
			n := lessontest.ShownAsKubectl(t, r)
			t.Logf("%s: compared %d kubectl commands with kubectl's own output", l.Name, n)
		})
	}
}
