package practice_test

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kind/pkg/cluster/nodes"

	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// A node task on a kind cluster on this machine reaches the node with
// docker exec, found as the node lessons find it: practice says so once,
// lists the nodes once, and makes no helper Pod.
func TestNodeTaskThroughKind(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kindNode := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "kpod-control-plane"}, Spec: corev1.NodeSpec{ProviderID: "kind://docker/kpod/kpod-control-plane"},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
	clients, fake, err := lessontest.FakeClients(ctx, nil, kindNode)
	if err != nil {
		t.Fatal(err)
	}
	container := &kindtest.Node{Name: "kpod-control-plane", Sh: func(string) (string, string, error) { return "", "", nil }}
	s, out := newCoach(t, "pause", "sandbox")
	s.Env.Clients = clients
	s.Env.KindNodes = func(engine, cluster string) ([]nodes.Node, error) { return []nodes.Node{container}, nil }
	_ = s.Check(ctx) // the task does not hold: no Pod box
	if got := out.String(); strings.Count(got, "kpod reaches the nodes with `docker exec`") != 1 || strings.Contains(got, "skipped") {
		t.Errorf("output:\n%s", got)
	}
	listed := 0
	for _, a := range fake.Actions() {
		if a.GetVerb() == "list" && a.GetResource().Resource == "nodes" {
			listed++
		}
		if a.GetVerb() == "create" && a.GetResource().Resource == "pods" {
			t.Errorf("made a Pod: %v", a)
		}
	}
	if listed != 1 {
		t.Errorf("nodes listed %d times", listed)
	}
	if len(container.Ran) == 0 {
		t.Error("practice did not reach the node (it reads its kubelet at the start)")
	}
}
