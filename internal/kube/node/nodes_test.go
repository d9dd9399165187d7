package node

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func testNode(name string, ready bool, taints ...corev1.Taint) corev1.Node {
	st := corev1.ConditionFalse
	if ready {
		st = corev1.ConditionTrue
	}
	return corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{Taints: taints},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: st}}}}
}

func TestOther(t *testing.T) {
	cp := corev1.Taint{Key: controlPlane, Effect: corev1.TaintEffectNoSchedule}
	cordoned := testNode("kind-worker3", true)
	cordoned.Spec.Unschedulable = true
	kind := []corev1.Node{testNode("kind-worker2", true), testNode("kind-control-plane", true, cp), testNode("kind-worker", true), cordoned}
	for _, c := range []struct {
		name  string
		nodes []corev1.Node
		skip  string
		want  string
	}{
		{"three nodes, web on worker", kind, "kind-worker", "kind-worker2"},
		{"three nodes, web on worker2", kind, "kind-worker2", "kind-worker"},
		{"one node", []corev1.Node{testNode("kpod-e2e", true)}, "kpod-e2e", ""},
		{"tainted control plane only", []corev1.Node{testNode("cp", true, cp), testNode("w", true)}, "w", ""},
		{"not ready", []corev1.Node{testNode("a", true), testNode("b", false)}, "a", ""},
		{"PreferNoSchedule is schedulable", []corev1.Node{testNode("a", true), testNode("b", true, corev1.Taint{Key: "k", Effect: corev1.TaintEffectPreferNoSchedule})}, "a", "b"},
	} {
		if got := Other(c.nodes, c.skip); got != c.want {
			t.Errorf("%s: Other = %q, want %q", c.name, got, c.want)
		}
	}
}
