package kind_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kind/pkg/cluster/nodes"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/kube/node"
)

func kindNode(name, providerID string) corev1.Node {
	return corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{ProviderID: providerID}}
}

// On a kind cluster kpod reaches a node with docker exec into its
// container, found through kind's provider, and shows that command.
func TestExec(t *testing.T) {
	cp := &kindtest.Node{Name: "kpod-control-plane", Sh: func(script string) (string, string, error) {
		if script == "crictl pods" {
			return "POD ID\n", "", nil
		}
		return "", "sh: nope: not found\n", errors.New("exit status 127")
	}}
	var asked []string
	ls := func(engine, cluster string) ([]nodes.Node, error) {
		asked = append(asked, engine+"/"+cluster)
		return []nodes.Node{cp}, nil
	}
	e, err := kind.FindExec([]corev1.Node{kindNode("kpod-control-plane", "kind://docker/kpod/kpod-control-plane")}, ls)
	if err != nil {
		t.Fatal(err)
	}
	var a node.Access = e
	if strings.Join(asked, " ") != "docker/kpod" || a.Way() != "docker exec" {
		t.Errorf("asked %v, way %q", asked, a.Way())
	}
	for script, want := range map[string]string{
		"crictl pods --name multipod":        "docker exec kpod-control-plane crictl pods --name multipod",
		"grep -lE 'a|b' /proc/[0-9]*/cgroup": `docker exec kpod-control-plane sh -c "grep -lE 'a|b' /proc/[0-9]*/cgroup"`,
		"echo $HOME":                         `docker exec kpod-control-plane sh -c 'echo $HOME'`,
	} {
		if got := a.Command("kpod-control-plane", script); got != want {
			t.Errorf("Command(%q) = %s, want %s", script, got, want)
		}
	}
	if got := a.Copy("kpod-control-plane", "static-web.yaml", "/etc/kubernetes/manifests/x.yaml"); got != "docker cp static-web.yaml kpod-control-plane:/etc/kubernetes/manifests/x.yaml" {
		t.Errorf("Copy = %s", got)
	}
	out, err := a.Run(context.Background(), "kpod-control-plane", "crictl pods")
	if err != nil || out != "POD ID\n" {
		t.Errorf("Run = %q, %v", out, err)
	}
	if got := strings.Join(cp.Commands(), "\n"); got != "sh -c crictl pods" {
		t.Errorf("ran %q on the node", got)
	}
	if _, err := a.Run(context.Background(), "kpod-control-plane", "nope"); err == nil || err.Error() != "on node kpod-control-plane: sh: nope: not found" {
		t.Errorf("a failing script: %v", err)
	}
	if _, err := a.Run(context.Background(), "other", "true"); err == nil {
		t.Error("a node that is not the cluster's ran a script")
	}
}

// FindExec says why it cannot reach the nodes with docker exec.
func TestFindExecRefuses(t *testing.T) {
	none := func(string, string) ([]nodes.Node, error) { return nil, nil }
	broken := func(string, string) ([]nodes.Node, error) {
		return nil, errors.New("docker is not on this machine's PATH")
	}
	for _, tc := range []struct {
		name  string
		nodes []corev1.Node
		ls    kind.NodeLister
		want  string
	}{
		{"no nodes", nil, none, "the cluster has no nodes"},
		{"not kind", []corev1.Node{kindNode("node-1", "")}, none, "node node-1 is not a kind node"},
		{"two clusters", []corev1.Node{kindNode("a", "kind://docker/a/a"), kindNode("b", "kind://docker/b/b")}, none, "more than one kind cluster"},
		{"no docker", []corev1.Node{kindNode("a", "kind://docker/a/a")}, broken, "cannot list kind cluster a's containers in docker: docker is not on this machine's PATH"},
		{"elsewhere", []corev1.Node{kindNode("a", "kind://docker/a/a")}, none, "docker on this machine has no container for node a of kind cluster a"},
	} {
		if _, err := kind.FindExec(tc.nodes, tc.ls); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
