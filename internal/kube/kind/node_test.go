package kind

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestNodeAccess(t *testing.T) {
	node := func(providerID string, labels map[string]string) *corev1.Node {
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "kpod-worker", Labels: labels}, Spec: corev1.NodeSpec{ProviderID: providerID}}
	}
	for _, tc := range []struct {
		name string
		node *corev1.Node
		want Access
		ok   bool
	}{
		{"kpod's kind node", node("kind://docker/kpod/kpod-worker", map[string]string{OwnerLabel: "kpod"}), Access{"docker", "kpod", "kpod-worker", true}, true},
		{"someone's kind node in podman", node("kind://podman/dev/dev-worker", nil), Access{"podman", "dev", "dev-worker", false}, true},
		{"marked, no provider ID", node("", map[string]string{OwnerLabel: "kpod"}), Access{"docker", "kpod", "kpod-worker", true}, true},
		{"a cloud node", node("aws:///eu-west-1a/i-0abc", nil), Access{}, false},
		{"bare metal", node("", nil), Access{}, false},
		{"odd kind ID", node("kind://docker/kpod", nil), Access{}, false},
	} {
		got, ok := NodeAccess(tc.node)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%s: NodeAccess = %+v, %v; want %+v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	a := Access{Engine: "docker", Container: "kpod-worker"}
	if got := a.Command("crictl", "pods"); !reflect.DeepEqual(got, []string{"docker", "exec", "kpod-worker", "crictl", "pods"}) {
		t.Errorf("Command = %q", got)
	}
}
