package practice

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// A practice's diagnoses read the nodes once; a read cut short by the
// practice's end is not kept.
func TestNodesReadOnce(t *testing.T) {
	reads := 0
	nodes := once(func(context.Context) ([]corev1.Node, error) {
		reads++
		return []corev1.Node{{}}, nil
	})
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	nodes(stopped)
	for range 3 {
		if list, err := nodes(context.Background()); len(list) != 1 || err != nil {
			t.Fatalf("nodes: %v, %v", list, err)
		}
	}
	if reads != 2 {
		t.Errorf("%d reads, want 2 (the one cut short, then one)", reads)
	}
}
