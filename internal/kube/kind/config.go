package kind

import (
	"bytes"
	"os"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"

	"github.com/kpod-dev/kpod/internal/text"
)

// Defaults for `kpod cluster create`.
const (
	DefaultName    = "kpod"
	DefaultWorkers = 2 // so lessons can show Pods landing on different nodes
)

// OwnerLabel marks the nodes of every cluster kpod makes: kpod.dev/cluster=NAME.
const OwnerLabel = "kpod.dev/cluster"

// Context returns the kubeconfig context kind writes for a cluster.
func Context(name string) string { return "kind-" + name }

// Layout returns kpod's cluster: one control plane and workers workers.
func Layout(workers int) *v1alpha4.Cluster {
	cfg := &v1alpha4.Cluster{
		TypeMeta: v1alpha4.TypeMeta{Kind: "Cluster", APIVersion: "kind.x-k8s.io/v1alpha4"},
		Nodes:    []v1alpha4.Node{{Role: v1alpha4.ControlPlaneRole}},
	}
	for range workers {
		cfg.Nodes = append(cfg.Nodes, v1alpha4.Node{Role: v1alpha4.WorkerRole})
	}
	return cfg
}

// LoadConfig reads a kind config file (kind.x-k8s.io/v1alpha4, kind Cluster),
// refusing fields kind does not know, as kind does.
func LoadConfig(path string) (*v1alpha4.Cluster, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, words.Err("err.kind.config.read", text.Facts{"Why": oneLine(err)})
	}
	cfg := &v1alpha4.Cluster{}
	d := yaml.NewDecoder(bytes.NewReader(raw))
	d.KnownFields(true)
	if err := d.Decode(cfg); err != nil {
		return nil, words.Err("err.kind.config.bad", text.Facts{"Path": path, "Why": oneLine(err)})
	}
	if cfg.APIVersion != "kind.x-k8s.io/v1alpha4" || cfg.Kind != "Cluster" {
		return nil, words.Err("err.kind.config.kind", text.Facts{"Path": path, "APIVersion": cfg.APIVersion, "Kind": cfg.Kind})
	}
	return cfg, nil
}

var validName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// ValidateName checks a cluster name: lower-case letters, digits and dashes,
// at most 50 long (kind adds "-control-plane" for the node's host name).
func ValidateName(name string) error {
	if !validName.MatchString(name) || len(name) > 50 {
		return words.Err("err.kind.name", text.Facts{"Name": name})
	}
	return nil
}

// Prepare finishes a config for kpod: the name, the node image (when image
// is set), kpod's mark on every node, the host's quirks and kind's defaults.
func Prepare(cfg *v1alpha4.Cluster, name, image string, quirks []Quirk) *v1alpha4.Cluster {
	out := cfg.DeepCopy()
	out.Name = name
	for i := range out.Nodes {
		n := &out.Nodes[i]
		if image != "" {
			n.Image = image
		}
		if n.Labels == nil {
			n.Labels = map[string]string{}
		}
		n.Labels[OwnerLabel] = name
	}
	Apply(out, quirks)
	v1alpha4.SetDefaultsCluster(out)
	return out
}

// NodeImages returns the distinct node images of cfg, in order.
func NodeImages(cfg *v1alpha4.Cluster) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range cfg.Nodes {
		if !seen[n.Image] {
			seen[n.Image] = true
			out = append(out, n.Image)
		}
	}
	return out
}

// Workers counts the worker nodes of cfg.
func Workers(cfg *v1alpha4.Cluster) int {
	n := 0
	for _, node := range cfg.Nodes {
		if node.Role == v1alpha4.WorkerRole {
			n++
		}
	}
	return n
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
