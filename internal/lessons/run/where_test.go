package run_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/run"
)

func readyNode(name string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
}

// reach runs the lesson on a fake cluster of these nodes (the fake kubelet
// puts webserver on node-1) and returns its output and the node the client
// Pod named when kpod made it ("" for the scheduler's pick).
func reach(t *testing.T, nodes ...runtime.Object) (string, string) {
	t.Helper()
	return runOn(t, "en", nil, nodes...)
}

// runOn runs the lesson in lang on a fake cluster of these nodes, with
// nginx-pod bound to nginxNode when it is not nil.
func runOn(t *testing.T, lang string, nginxNode *string, nodes ...runtime.Object) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, fake, err := lessontest.FakeClients(ctx, nil, nodes...)
	if err != nil {
		t.Fatal(err)
	}
	asked := "<not made>"
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p, ok := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		switch {
		case ok && p.Name == "client":
			asked = p.Spec.NodeName
		case ok && p.Name == "nginx-pod" && nginxNode != nil:
			p.Spec.NodeName = *nginxNode // the fake kubelet keeps a node the Pod names
		}
		return false, nil, nil
	})
	var out bytes.Buffer
	s := lessontest.FakeSession(run.Lesson, nil, clients, &out)
	s.Env.Lang = lang
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return out.String(), asked
}

// The wide step names the one node when both Pods run on it, and each
// Pod's node when they differ, in both languages.
func TestWideNamesTheNodes(t *testing.T) {
	node2 := "node-2"
	for _, c := range []struct {
		lang  string
		nginx *string
		want  string
	}{
		{"en", nil, "The scheduler put both Pods on node node-1."},
		{"ko", nil, "스케줄러는 두 파드를 모두 node-1 노드에 스케줄링했습니다."},
		{"en", &node2, "The scheduler put webserver on node node-1 and nginx-pod on node node-2."},
		{"ko", &node2, "스케줄러는 webserver를 node-1 노드에, nginx-pod를 node-2 노드에 스케줄링했습니다."},
	} {
		out, _ := runOn(t, c.lang, c.nginx, readyNode("node-1"), readyNode("node-2"))
		if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, c.want) {
			t.Errorf("%s run lacks %q:\n%s", c.lang, c.want, out)
		}
	}
}

// With two nodes the client runs on the node webserver is not on, and the
// note says the request crossed from one node to the other.
func TestReachAcrossNodes(t *testing.T) {
	out, asked := reach(t, readyNode("node-1"), readyNode("node-2"))
	if asked != "node-2" {
		t.Errorf("client made for node %q, want node-2", asked)
	}
	for _, want := range []string{
		`--overrides='{"spec":{"nodeName":"node-2"}}'`,
		"The client ran on node node-2, webserver runs on node node-1: two nodes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// With one node the scheduler places the client beside webserver, and the
// note says so.
func TestReachOnOneNode(t *testing.T) {
	out, asked := reach(t, readyNode("node-1"))
	if asked != "" {
		t.Errorf("client made for node %q, want the scheduler's pick", asked)
	}
	if want := "The client and webserver both ran on node node-1: no other node here takes Pods."; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "--overrides='") {
		t.Errorf("the client names a node on a one-node cluster:\n%s", out)
	}
}
