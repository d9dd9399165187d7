package lessons_test

import (
	"testing"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// requests counts kpod's requests in namespace kpod by verb and resource
// (the fake kubelet watches every namespace).
func requests(c *fake.Clientset) map[string]int {
	got := map[string]int{}
	for _, a := range c.Actions() {
		if a.GetNamespace() == "kpod" {
			got[a.GetVerb()+" "+a.GetResource().Resource]++
		}
	}
	return got
}

// A run in an empty namespace reads web once (the check before the first
// step), never reads its own Lease, and watches Pods once, for the
// lesson's timeline: the cleanup at the end does not wait for the Pod to go.
func TestRunRequests(t *testing.T) {
	err, _, c := run(t, webLesson, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := requests(c)
	if got["get pods"] != 1 || got["get leases"] != 0 || got["watch pods"] != 1 || got["delete pods"] != 1 {
		t.Errorf("requests %v, want get pods 1, get leases 0, watch pods 1, delete pods 1", got)
	}
}

// The lesson's own watch serves every wait: for Ready, and for the Pod to
// be gone after a delete.
func TestOneWatchServesWaits(t *testing.T) {
	l := &lessons.Lesson{
		Name: "web",
		Text: text.Text{"en": {"title": {Title: "Web"}, "make": {Title: "Make"}, "gone": {Title: "Gone"}}},
		Steps: func(lessons.Values) []lessons.Step {
			return []lessons.Step{
				{Key: "make", Do: []lessons.Action{lessons.RunPod("web", "web", 80), lessons.Wait("web", lessons.Ready)}},
				{Key: "gone", Do: []lessons.Action{lessons.Delete("web"), lessons.RunPod("web", "web", 80), lessons.Wait("web", lessons.Ready),
					lessons.Delete("web"), lessons.WaitGone("web")}},
			}
		},
	}
	err, out, c := run(t, l, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := requests(c); got["watch pods"] != 1 || got["create pods"] != 2 || got["delete pods"] != 2 {
		t.Errorf("requests %v, want one watch of Pods for two waits for Ready and two deletes", got)
	}
}
