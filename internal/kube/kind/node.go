package kind

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Access is how to reach a kind node from the machine it runs on: the node
// is a container, so `docker exec` gets a shell on it, with no helper Pod.
type Access struct {
	Engine    string // docker or podman
	Cluster   string // the kind cluster's name
	Container string // the node's container, which has the node's name
	Kpod      bool   // the cluster is one kpod made
}

// NodeAccess tells whether node is a kind node, and how to reach it. kind
// sets each node's providerID to kind://ENGINE/CLUSTER/NODE; a node that
// only carries kpod's mark is taken to run in Docker.
func NodeAccess(node *corev1.Node) (Access, bool) {
	owner, marked := node.Labels[OwnerLabel]
	if rest, ok := strings.CutPrefix(node.Spec.ProviderID, "kind://"); ok {
		parts := strings.Split(rest, "/")
		if len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "" {
			return Access{Engine: parts[0], Cluster: parts[1], Container: parts[2], Kpod: marked && owner == parts[1]}, true
		}
	}
	if marked && owner != "" {
		return Access{Engine: "docker", Cluster: owner, Container: node.Name, Kpod: true}, true
	}
	return Access{}, false
}

// Command returns the command line that runs args on the node from the host,
// such as [docker exec kpod-worker crictl pods].
func (a Access) Command(args ...string) []string {
	return append([]string{a.Engine, "exec", a.Container}, args...)
}
