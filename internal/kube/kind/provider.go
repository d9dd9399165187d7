// Package kind makes and looks after kpod's local clusters with kind's Go
// library: node containers in Docker or Podman, laid out for the lessons.
//
// kpod marks every cluster it makes with the node label kpod.dev/cluster=NAME
// (set through kind's config, so it is in each node's kubeadm config and on
// each Kubernetes Node). A kind cluster without that mark is someone else's:
// kpod reads it but never changes or deletes it.
package kind

import (
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/log"
)

// Provider is the part of kind's cluster.Provider that kpod uses, so tests
// can stand in for Docker.
type Provider interface {
	// Create makes the cluster; unless o.Retain, kind deletes what it made
	// when a step fails.
	Create(name string, o CreateOptions) error
	// Delete removes the cluster's nodes and its kubeconfig entries.
	Delete(name, kubeconfig string) error
	// List names the kind clusters that have nodes.
	List() ([]string, error)
	// ListNodes returns the cluster's node containers.
	ListNodes(name string) ([]nodes.Node, error)
	// KubeConfig returns a kubeconfig for the cluster as seen from this machine.
	KubeConfig(name string) (string, error)
	// ExportKubeConfig merges the cluster into the kubeconfig file (the
	// default rules when kubeconfig is "") and makes it the current context.
	ExportKubeConfig(name, kubeconfig string) error
}

// CreateOptions are what kpod tells kind when it makes a cluster.
type CreateOptions struct {
	Config     *v1alpha4.Cluster
	Kubeconfig string // explicit kubeconfig path, "" for the default rules
	Retain     bool   // keep the nodes of a failed create, to look at them
}

// NewProvider returns kind's own provider for engine ("docker" or
// "podman"), logging its steps to logger.
func NewProvider(engine string, logger log.Logger) Provider {
	runtime := cluster.ProviderWithDocker()
	if engine == "podman" {
		runtime = cluster.ProviderWithPodman()
	}
	return &provider{p: cluster.NewProvider(runtime, cluster.ProviderWithLogger(logger))}
}

type provider struct{ p *cluster.Provider }

func (k *provider) Create(name string, o CreateOptions) error {
	return k.p.Create(name,
		cluster.CreateWithV1Alpha4Config(o.Config),
		cluster.CreateWithKubeconfigPath(o.Kubeconfig),
		cluster.CreateWithRetain(o.Retain),
		cluster.CreateWithDisplayUsage(false),
		cluster.CreateWithDisplaySalutation(false))
}

func (k *provider) Delete(name, kubeconfig string) error { return k.p.Delete(name, kubeconfig) }
func (k *provider) List() ([]string, error)              { return k.p.List() }
func (k *provider) ListNodes(name string) ([]nodes.Node, error) {
	return k.p.ListNodes(name)
}
func (k *provider) KubeConfig(name string) (string, error) { return k.p.KubeConfig(name, false) }
func (k *provider) ExportKubeConfig(name, kubeconfig string) error {
	return k.p.ExportKubeConfig(name, kubeconfig, false)
}
