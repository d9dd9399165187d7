package diagnose

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// Fill reads only what the Pod's state needs: Services for a Pod with
// labels, the nodes for one with a nodeSelector never scheduled, its node
// for one stuck Terminating (gone when the node does not exist).
func TestClusterFill(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset(
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "front", Namespace: "class"}},
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1"}},
	)
	cl := ClusterOf(c)
	count := func() int { n := len(c.Actions()); c.ClearActions(); return n }

	plain := pod("web")
	in := Input{Pod: plain}
	cl.Fill(ctx, &in)
	if in.Services != nil || in.Nodes != nil || in.Node != nil || in.NodeGone || count() != 0 {
		t.Errorf("a Pod without labels, node selector or deletion: %+v read", in)
	}

	labelled := pod("web")
	labelled.Labels = map[string]string{"app": "web"}
	labelled.Spec.NodeName, labelled.Spec.NodeSelector = "", map[string]string{"disk": "ssd"}
	in = Input{Pod: labelled}
	cl.Fill(ctx, &in)
	if len(in.Services) != 1 || in.Services[0].Name != "front" || len(in.Nodes) != 1 || count() != 2 {
		t.Errorf("a labelled Pod waiting for a node: Services %v, nodes %v", in.Services, in.Nodes)
	}

	deleted := pod("web")
	deleted.DeletionTimestamp = &metav1.Time{Time: t0}
	in = Input{Pod: deleted, Now: t0.Add(StuckAfter / 2)}
	if cl.Fill(ctx, &in); in.Node != nil || count() != 0 {
		t.Errorf("a Pod deleted a moment ago: its node read")
	}
	for node, gone := range map[string]bool{"node-1": false, "node-2": true} {
		deleting := pod("web")
		deleting.Spec.NodeName = node
		deleting.DeletionTimestamp = &metav1.Time{}
		in = Input{Pod: deleting}
		cl.Fill(ctx, &in)
		if in.NodeGone != gone || (in.Node != nil) == gone {
			t.Errorf("a Pod deleted on %s: node %v, gone %v", node, in.Node, in.NodeGone)
		}
	}
}

// Gather puts the Pod, its events and the time in the Input, asks Logs for
// the logs and Fill for the rest.
func TestClusterGather(t *testing.T) {
	p := pod("web")
	p.Labels = map[string]string{"app": "web"}
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "web", RestartCount: 1,
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1}}}}
	events := []corev1.Event{event(p, "web", "Warning", "BackOff", "Back-off", 3, 2)}
	c := fake.NewClientset(&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "front", Namespace: "class"}})
	in := ClusterOf(c).Gather(context.Background(), p, events, t0)
	if in.Pod != p || len(in.Events) != 1 || !in.Now.Equal(t0) || in.Logs["web"] != "fake logs" || len(in.Services) != 1 {
		t.Errorf("Gather = %+v", in)
	}
	if in := (Cluster{}).Gather(context.Background(), p, nil, t0); in.Logs != nil || in.Services != nil {
		t.Errorf("Gather with nothing to read: %+v", in)
	}
}
