package pause

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/text"
)

// recordedNodes loads the node objects kube's tests keep per cluster kind.
func recordedNodes(t *testing.T, name string) []corev1.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "kube", "testdata", "clusters", name, "nodes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var list corev1.NodeList
	if err := yaml.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	return list.Items
}

// On CRI-O nodes the lesson stops before it makes anything, in one line
// that says what pins the namespace instead; on the others it goes on.
func TestNoPause(t *testing.T) {
	err := noPause(recordedNodes(t, "kubeadm-crio"))
	if err == nil {
		t.Fatal("kubeadm with CRI-O 1.32: want the lesson to stop")
	}
	for _, lang := range text.Languages {
		msg := (text.Scene{Lang: lang}).Tell(err)
		if strings.Contains(msg, "\n") || !strings.Contains(msg, "/var/run/netns") || !strings.Contains(msg, "1.32.1") {
			t.Errorf("%s: %q", lang, msg)
		}
	}
	for _, name := range []string{"kind", "k3s", "kpod-e2e", "minikube", "docker-desktop"} {
		if err := noPause(recordedNodes(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
