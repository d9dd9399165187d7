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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, fake, err := lessontest.FakeClients(ctx, nil, nodes...)
	if err != nil {
		t.Fatal(err)
	}
	asked := "<not made>"
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if p, ok := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod); ok && p.Name == "client" {
			asked = p.Spec.NodeName
		}
		return false, nil, nil
	})
	var out bytes.Buffer
	if err := lessontest.FakeSession(run.Lesson, nil, clients, &out).Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return out.String(), asked
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
