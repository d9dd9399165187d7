package kube

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Distribution is the kind of cluster kpod is talking to, told by public,
// documented signals on its Node objects.
type Distribution string

// The distributions kpod knows. DistUnknown is a cluster none of them fits.
const (
	DistUnknown       Distribution = ""
	DistKind          Distribution = "kind"
	DistMinikube      Distribution = "minikube"
	DistK3s           Distribution = "k3s"
	DistK3d           Distribution = "k3d" // k3s in Docker containers
	DistDockerDesktop Distribution = "Docker Desktop"
	DistKubeadm       Distribution = "kubeadm"
	DistEKS           Distribution = "EKS"
	DistGKE           Distribution = "GKE"
	DistAKS           Distribution = "AKS"
	DistCloud         Distribution = "cloud" // another cloud's nodes, by their providerID
)

// Container runtimes, as named in status.nodeInfo.containerRuntimeVersion.
const (
	RuntimeContainerd = "containerd"
	RuntimeCRIO       = "cri-o"
	RuntimeDocker     = "docker"
)

// Static Pod directories that distributions document.
const (
	KubeadmManifests = "/etc/kubernetes/manifests"
	K3sManifests     = "/var/lib/rancher/k3s/agent/pod-manifests"
)

// ClusterInfo is what the API tells about a cluster's nodes.
type ClusterInfo struct {
	Distribution Distribution
	Provider     string // the providerID scheme shared by the nodes (aws, gce, kind, …), "" if none or mixed
	Nodes        []NodeInfo
}

// NodeInfo is one node, from its Node object and its kubelet's /configz.
type NodeInfo struct {
	Name           string
	Roles          []string // from node-role.kubernetes.io/ROLE labels, sorted
	ControlPlane   bool
	Runtime        string // containerd, cri-o, docker (or what the node says)
	RuntimeVersion string // 1.7.18
	KubeletVersion string // v1.31.4+k3s1
	OSImage        string
	Provider       string // the scheme of spec.providerID (kind, aws, gce, azure, k3s), "" for none

	// Configz says whether the kubelet's /configz was read. When it was,
	// StaticPodPath is the kubelet's staticPodPath ("" for none); when not
	// (nodes/proxy forbidden, or no answer), StaticPodPath is unknown.
	Configz       bool
	StaticPodPath string
}

// ConfigzFunc returns a node's kubelet /configz answer.
type ConfigzFunc func(ctx context.Context, node string) ([]byte, error)

// ReadOption changes how ReadCluster reads.
type ReadOption func(*readOptions)

type readOptions struct{ configz ConfigzFunc }

// WithConfigz reads each kubelet's /configz with f instead of through the
// API server's node proxy (tests). A nil f changes nothing.
func WithConfigz(f ConfigzFunc) ReadOption {
	return func(o *readOptions) {
		if f != nil {
			o.configz = f
		}
	}
}

// configzTimeout bounds each kubelet's /configz answer.
const configzTimeout = 5 * time.Second

// ReadCluster reads the cluster from the API only: the node list, and each
// kubelet's /configz through the API server's node proxy (GET
// /api/v1/nodes/NODE/proxy/configz, which needs nodes/proxy). A configz that
// cannot be read leaves that node's StaticPodPath unknown; it is no error.
func ReadCluster(ctx context.Context, client kubernetes.Interface, opts ...ReadOption) (ClusterInfo, error) {
	o := readOptions{configz: proxyConfigz(client)}
	for _, opt := range opts {
		opt(&o)
	}
	list, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return ClusterInfo{}, err
	}
	answers := make([][]byte, len(list.Items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range list.Items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cctx, cancel := context.WithTimeout(ctx, configzTimeout)
			defer cancel()
			if raw, err := o.configz(cctx, list.Items[i].Name); err == nil {
				answers[i] = raw
			}
		}()
	}
	wg.Wait()
	byNode := map[string][]byte{}
	for i, n := range list.Items {
		if answers[i] != nil {
			byNode[n.Name] = answers[i]
		}
	}
	return Cluster(list.Items, byNode), nil
}

// proxyConfigz reads /configz through the API server's node proxy. A client
// without a REST client (a fake) reads nothing.
func proxyConfigz(client kubernetes.Interface) ConfigzFunc {
	return func(ctx context.Context, node string) ([]byte, error) {
		rc, ok := client.CoreV1().RESTClient().(*rest.RESTClient)
		if !ok || rc == nil {
			return nil, errNoREST
		}
		return rc.Get().AbsPath("/api/v1/nodes", node, "proxy", "configz").DoRaw(ctx)
	}
}

type noREST struct{}

func (noREST) Error() string { return "no REST client to reach the node proxy" }

var errNoREST error = noREST{}

// Cluster tells the cluster from its nodes and the /configz answers read
// (by node name; a node without one has an unknown StaticPodPath).
func Cluster(nodes []corev1.Node, configz map[string][]byte) ClusterInfo {
	nodes = append([]corev1.Node(nil), nodes...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	var c ClusterInfo
	for i := range nodes {
		n := nodeInfo(&nodes[i])
		if raw, ok := configz[n.Name]; ok {
			n.StaticPodPath, n.Configz = staticPodPathOf(raw)
		}
		c.Nodes = append(c.Nodes, n)
	}
	for i, n := range c.Nodes {
		if i == 0 {
			c.Provider = n.Provider
		} else if n.Provider != c.Provider {
			c.Provider = ""
		}
	}
	c.Distribution = distribution(nodes, c.Provider)
	return c
}

// staticPodPathOf reads staticPodPath from a kubelet's /configz answer, and
// whether the answer could be read at all.
func staticPodPathOf(raw []byte) (string, bool) {
	var z struct {
		Kubelet *struct {
			StaticPodPath string `json:"staticPodPath"`
		} `json:"kubeletconfig"`
	}
	if json.Unmarshal(raw, &z) != nil || z.Kubelet == nil {
		return "", false
	}
	return z.Kubelet.StaticPodPath, true
}

func nodeInfo(n *corev1.Node) NodeInfo {
	ni := NodeInfo{
		Name:           n.Name,
		KubeletVersion: n.Status.NodeInfo.KubeletVersion,
		OSImage:        n.Status.NodeInfo.OSImage,
	}
	ni.Runtime, ni.RuntimeVersion, _ = strings.Cut(n.Status.NodeInfo.ContainerRuntimeVersion, "://")
	if scheme, _, ok := strings.Cut(n.Spec.ProviderID, "://"); ok {
		ni.Provider = scheme
	}
	for k := range n.Labels {
		if r, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok && r != "" {
			ni.Roles = append(ni.Roles, r)
			ni.ControlPlane = ni.ControlPlane || r == "control-plane" || r == "master"
		}
	}
	sort.Strings(ni.Roles)
	return ni
}

// Signals on Node objects, as the distributions document them.
const (
	k3sInstanceType   = "node.kubernetes.io/instance-type" // "k3s" on k3s nodes
	kubeadmCRISocket  = "kubeadm.alpha.kubernetes.io/cri-socket"
	kubeadmExcludeLB  = "node.kubernetes.io/exclude-from-external-load-balancers"
	kpodClusterLabel  = "kpod.dev/cluster" // kind.OwnerLabel: kpod's kind clusters
	minikubeLabels    = "minikube.k8s.io/"
	eksNodegroupLabel = "eks.amazonaws.com/nodegroup"
	eksComputeLabel   = "eks.amazonaws.com/compute-type"
	gkeNodepoolLabel  = "cloud.google.com/gke-nodepool"
	aksClusterLabel   = "kubernetes.azure.com/cluster"
)

// controlPlane is the control-plane role's label, and its taint's key.
const controlPlane = "node-role.kubernetes.io/control-plane"

// distribution tells the distribution from public signals, the most
// specific first: a kind cluster is also a kubeadm cluster, and k3d runs k3s.
func distribution(nodes []corev1.Node, provider string) Distribution {
	if len(nodes) == 0 {
		return DistUnknown
	}
	some := func(f func(n *corev1.Node) bool) bool {
		for i := range nodes {
			if f(&nodes[i]) {
				return true
			}
		}
		return false
	}
	all := func(f func(n *corev1.Node) bool) bool { return !some(func(n *corev1.Node) bool { return !f(n) }) }
	label := func(key string) func(*corev1.Node) bool {
		return func(n *corev1.Node) bool { _, ok := n.Labels[key]; return ok }
	}
	k3s := some(func(n *corev1.Node) bool {
		return strings.Contains(n.Status.NodeInfo.KubeletVersion, "+k3s") || n.Labels[k3sInstanceType] == "k3s" ||
			strings.HasPrefix(n.Spec.ProviderID, "k3s://") || strings.HasPrefix(n.Status.NodeInfo.OSImage, "K3s ")
	})
	switch {
	case all(func(n *corev1.Node) bool { return n.Name == "docker-desktop" || strings.HasPrefix(n.Name, "desktop-") }):
		return DistDockerDesktop
	case k3s && all(func(n *corev1.Node) bool { return strings.HasPrefix(n.Name, "k3d-") }):
		return DistK3d
	case k3s:
		return DistK3s
	case some(func(n *corev1.Node) bool {
		for k := range n.Labels {
			if strings.HasPrefix(k, minikubeLabels) {
				return true
			}
		}
		return false
	}):
		return DistMinikube
	case provider == "kind" || some(label(kpodClusterLabel)):
		return DistKind
	case some(label(eksNodegroupLabel)) || some(label(eksComputeLabel)):
		return DistEKS
	case some(label(gkeNodepoolLabel)):
		return DistGKE
	case some(label(aksClusterLabel)):
		return DistAKS
	case some(func(n *corev1.Node) bool {
		_, socket := n.Annotations[kubeadmCRISocket]
		_, exclude := n.Labels[kubeadmExcludeLB]
		return socket || exclude && hasTaint(n, controlPlane)
	}):
		return DistKubeadm
	case provider == "" && kindNames(nodes):
		return DistKind
	}
	switch provider {
	case "":
		return DistUnknown
	case "aws":
		return DistEKS
	case "gce":
		return DistGKE
	case "azure":
		return DistAKS
	}
	return DistCloud
}

// kindNames reports whether the nodes are named the way kind names them,
// CLUSTER-control-plane[N] and CLUSTER-worker[N], and run containerd: the
// weakest signal, for nodes with no providerID and no kubeadm mark (kind
// has set a kind:// providerID since v0.11).
func kindNames(nodes []corev1.Node) bool {
	prefix := ""
	for i := range nodes {
		n := &nodes[i]
		if !strings.HasPrefix(n.Status.NodeInfo.ContainerRuntimeVersion, RuntimeContainerd+"://") {
			return false
		}
		name := strings.TrimRight(n.Name, "0123456789")
		p, ok := strings.CutSuffix(name, "-control-plane")
		if !ok {
			if p, ok = strings.CutSuffix(name, "-worker"); !ok {
				return false
			}
		}
		if prefix != "" && p != prefix || p == "" {
			return false
		}
		prefix = p
	}
	return true
}

func hasTaint(n *corev1.Node, key string) bool {
	for _, t := range n.Spec.Taints {
		if t.Key == key {
			return true
		}
	}
	return false
}

// ControlPlanes counts the control-plane nodes.
func (c ClusterInfo) ControlPlanes() int {
	k := 0
	for _, n := range c.Nodes {
		if n.ControlPlane {
			k++
		}
	}
	return k
}

// Node returns the node called name.
func (c ClusterInfo) Node(name string) (NodeInfo, bool) {
	for _, n := range c.Nodes {
		if n.Name == name {
			return n, true
		}
	}
	return NodeInfo{}, false
}

// Runtimes names each container runtime and version the nodes run, once,
// in node order: "containerd 1.7.18".
func (c ClusterInfo) Runtimes() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range c.Nodes {
		r := strings.TrimSpace(n.Runtime + " " + n.RuntimeVersion)
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// StaticPodPaths returns the staticPodPath of each kubelet that answered,
// without repeats, in node order; "" stands for a kubelet with none.
func (c ClusterInfo) StaticPodPaths() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range c.Nodes {
		if n.Configz && !seen[n.StaticPodPath] {
			seen[n.StaticPodPath] = true
			out = append(out, n.StaticPodPath)
		}
	}
	return out
}

// CRIO names the nodes that run CRI-O.
func (c ClusterInfo) CRIO() []string {
	var out []string
	for _, n := range c.Nodes {
		if n.MayDropInfra() {
			out = append(out, n.Name)
		}
	}
	return out
}

// NoStatic names the nodes whose kubelet said it has no staticPodPath.
func (c ClusterInfo) NoStatic() []string {
	var out []string
	for _, n := range c.Nodes {
		if n.Configz && n.StaticPodPath == "" {
			out = append(out, n.Name)
		}
	}
	return out
}

// MayDropInfra reports whether the node's runtime may run Pods without a
// pause (infra) container. CRI-O does with drop_infra_ctr, on by default in
// recent releases, for every Pod that does not share one PID namespace
// (shareProcessNamespace: true keeps it): its pinns tool then holds the
// Pod's network, IPC and UTS namespaces as bind-mounted files (under
// /var/run/netns, ipcns, utsns by default) instead of a process. The option is in CRI-O's config, not in the API, so this is a
// possibility, not a fact.
func (n NodeInfo) MayDropInfra() bool { return n.Runtime == RuntimeCRIO }

// DocumentedStaticPodPath returns the static Pod directory the distribution
// documents, for when the kubelet's /configz cannot be read: a guess to
// present as one, never to write to.
func (c ClusterInfo) DocumentedStaticPodPath() string {
	switch c.Distribution {
	case DistKubeadm, DistKind, DistMinikube, DistDockerDesktop:
		return KubeadmManifests
	case DistK3s, DistK3d:
		return K3sManifests
	}
	return ""
}

// DropsInfra reports whether the node's runtime runs no pause process for
// a Pod by default: CRI-O from 1.22 sets drop_infra_ctr = true, and then
// pins a Pod's namespaces with pinns (files under /var/run/netns and the
// like) unless the Pod shares its process namespace. The API tells the
// version only: a node whose crio.conf sets drop_infra_ctr = false still
// runs one.
func (n NodeInfo) DropsInfra() bool {
	if n.Runtime != RuntimeCRIO {
		return false
	}
	major, rest, _ := strings.Cut(n.RuntimeVersion, ".")
	minor, _, _ := strings.Cut(rest, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	return err1 == nil && err2 == nil && (ma > 1 || ma == 1 && mi >= 22)
}

// NodeStaticPodPath asks node's kubelet for its staticPodPath through the
// API (/configz), and says whether it answered.
func NodeStaticPodPath(ctx context.Context, c *Clients, node string) (string, bool) {
	f := c.Configz
	if f == nil {
		f = proxyConfigz(c.Client)
	}
	cctx, cancel := context.WithTimeout(ctx, configzTimeout)
	defer cancel()
	raw, err := f(cctx, node)
	if err != nil {
		return "", false
	}
	return staticPodPathOf(raw)
}
