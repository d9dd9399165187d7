package lessontest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
)

// Together fails the test if the Pods in names were started one after
// another: each created only once every Pod made before it was Ready, as a
// create-then-wait lesson does. Pods started at once overlap: one is created
// while an earlier one is not Ready yet. (A Pod can be Ready before the last
// of its wave is created: a fast one, on a fast node.) It compares the
// resourceVersions the cluster's own watch delivered, which one API server
// hands out in increasing order; for a name made more than once, the first
// Pod counts.
func (r *Recorder) Together(t testing.TB, names ...string) {
	t.Helper()
	type pod struct {
		name        string
		made, ready int64 // ready < 0: never Ready
	}
	var pods []pod
	for _, name := range names {
		seen := r.Pod(name)
		if len(seen) == 0 {
			t.Errorf("pod/%s was never seen", name)
			continue
		}
		p := pod{name: name, made: version(seen[0]), ready: -1}
		for _, s := range seen {
			if s.UID == seen[0].UID && kube.Condition(s, corev1.PodReady) == corev1.ConditionTrue {
				p.ready = version(s)
				break
			}
		}
		pods = append(pods, p)
	}
	sort.Slice(pods, func(i, j int) bool { return pods[i].made < pods[j].made })
	for i := 1; i < len(pods); i++ {
		for _, earlier := range pods[:i] {
			if earlier.ready < 0 || pods[i].made < earlier.ready {
				return // they overlap
			}
		}
	}
	if len(pods) > 1 {
		var order []string
		for _, p := range pods {
			order = append(order, fmt.Sprintf("pod/%s created %d, Ready %d", p.name, p.made, p.ready))
		}
		t.Errorf("each Pod was created after the ones before it were Ready, one after another: %s", strings.Join(order, "; "))
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
			if p, _ := a.Plan(); p.File != "" {
				files = append(files, p.File)
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
