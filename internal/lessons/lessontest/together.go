package lessontest

import (
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Together fails the test unless every Pod in names was created before
// the first of them was Ready: the lesson started them at once, not one
// after another. It compares the resourceVersions the cluster's own watch
// delivered, which one API server hands out in increasing order; for a
// name made more than once, the first Pod counts.
func (r *Recorder) Together(t testing.TB, names ...string) {
	t.Helper()
	lastMade, lastName := int64(-1), ""
	firstReady, readyName := int64(-1), ""
	for _, name := range names {
		seen := r.Pod(name)
		if len(seen) == 0 {
			t.Errorf("pod/%s was never seen", name)
			continue
		}
		uid := seen[0].UID
		if rv := version(seen[0]); rv > lastMade {
			lastMade, lastName = rv, name
		}
		for _, p := range seen {
			if p.UID == uid && kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue {
				if rv := version(p); firstReady < 0 || rv < firstReady {
					firstReady, readyName = rv, name
				}
				break
			}
		}
	}
	if firstReady >= 0 && lastMade > firstReady {
		t.Errorf("pod/%s was created (resourceVersion %d) after pod/%s was Ready (%d): not started together", lastName, lastMade, readyName, firstReady)
	}
}

func version(p *corev1.Pod) int64 {
	n, _ := strconv.ParseInt(p.ResourceVersion, 10, 64)
	return n
}
