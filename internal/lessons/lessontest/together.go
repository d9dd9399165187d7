package lessontest

import (
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
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

// Creates lists, step by step, the manifest files a lesson's steps create
// with values (nil: the defaults).
func Creates(l *lessons.Lesson, values lessons.Values) [][]string {
	if values == nil {
		values = l.Defaults()
	}
	var out [][]string
	for _, st := range l.Steps(values) {
		var files []string
		for _, a := range st.Do {
			if m, ok := a.(lessons.Manifester); ok {
				file, _, _ := m.Manifest()
				files = append(files, file)
			}
		}
		out = append(out, files)
	}
	return out
}

// CreatedFirst fails the test unless every manifest the lesson creates is
// created in its first step, but for the files in later (made again on
// the way, in that order).
func CreatedFirst(t testing.TB, l *lessons.Lesson, values lessons.Values, later ...string) {
	t.Helper()
	var after []string
	for i, files := range Creates(l, values) {
		if i > 0 {
			after = append(after, files...)
		}
	}
	if strings.Join(after, " ") != strings.Join(later, " ") {
		t.Errorf("%s %v creates %v after its first step, want %v: Pods that do not wait for each other start together", l.Name, values, after, later)
	}
}
