// Package kindtest has stand-ins for kind's provider, node containers and the
// container engine, so tests of kpod's cluster code run without Docker.
package kindtest

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/exec"

	"github.com/kpod-dev/kpod/internal/kube/kind"
)

// Node is a node container that answers the few commands kpod and kind's
// node utilities run: cat FILE, containerd config dump, ctr images import.
type Node struct {
	Name     string
	NodeRole string            // control-plane, worker, external-load-balancer
	Files    map[string]string // what `cat FILE` prints
	Down     bool              // every command fails, as in a stopped container
	// Sh answers `sh -c SCRIPT` with what it prints on stdout and stderr.
	Sh func(script string) (stdout, stderr string, err error)

	mu       sync.Mutex
	Ran      [][]string // every command, in order
	Imported [][]byte   // what each `ctr images import -` read
}

func (n *Node) Command(name string, args ...string) exec.Cmd {
	return &cmd{n: n, argv: append([]string{name}, args...)}
}

func (n *Node) CommandContext(_ context.Context, name string, args ...string) exec.Cmd {
	return n.Command(name, args...)
}

func (n *Node) String() string              { return n.Name }
func (n *Node) Role() (string, error)       { return n.NodeRole, nil }
func (n *Node) IP() (string, string, error) { return "172.18.0.2", "", nil }
func (n *Node) SerialLogs(io.Writer) error  { return nil }

// Commands returns what ran on the node, one string each.
func (n *Node) Commands() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]string, len(n.Ran))
	for i, c := range n.Ran {
		out[i] = strings.Join(c, " ")
	}
	return out
}

// Imports returns what `ctr images import` read, once per call.
func (n *Node) Imports() [][]byte {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([][]byte(nil), n.Imported...)
}

type cmd struct {
	n      *Node
	argv   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func (c *cmd) SetEnv(...string) exec.Cmd      { return c }
func (c *cmd) SetStdin(r io.Reader) exec.Cmd  { c.stdin = r; return c }
func (c *cmd) SetStdout(w io.Writer) exec.Cmd { c.stdout = w; return c }
func (c *cmd) SetStderr(w io.Writer) exec.Cmd { c.stderr = w; return c }
func (c *cmd) fail(out string) error {
	return &exec.RunError{Command: c.argv, Output: []byte(out), Inner: errors.New("exit status 1")}
}

// containerdConfig is what `containerd config dump` prints on a kind node.
const containerdConfig = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  snapshotter = \"overlayfs\"\n"

func (c *cmd) Run() error {
	n := c.n
	n.mu.Lock()
	n.Ran = append(n.Ran, c.argv)
	down := n.Down
	n.mu.Unlock()
	if down {
		return c.fail("Error response from daemon: container " + n.Name + " is not running")
	}
	out := c.stdout
	if out == nil {
		out = io.Discard
	}
	switch {
	case len(c.argv) == 3 && c.argv[0] == "sh" && c.argv[1] == "-c" && n.Sh != nil:
		stdout, stderr, err := n.Sh(c.argv[2])
		_, _ = io.WriteString(out, stdout)
		if c.stderr != nil {
			_, _ = io.WriteString(c.stderr, stderr)
		}
		return err
	case c.argv[0] == "cat" && len(c.argv) == 2:
		s, ok := n.Files[c.argv[1]]
		if !ok {
			return c.fail("cat: can't open '" + c.argv[1] + "': No such file or directory")
		}
		_, err := io.WriteString(out, s)
		return err
	case strings.Join(c.argv, " ") == "containerd config dump":
		_, err := io.WriteString(out, containerdConfig)
		return err
	case len(c.argv) > 3 && c.argv[0] == "ctr" && c.argv[2] == "images" && c.argv[3] == "import":
		if c.stdin == nil {
			return c.fail("ctr: no input")
		}
		b, err := io.ReadAll(c.stdin)
		if err != nil {
			return err
		}
		n.mu.Lock()
		n.Imported = append(n.Imported, b)
		n.mu.Unlock()
		return nil
	}
	return c.fail(c.argv[0] + ": not found")
}

// NodesFor makes the node containers kind would make for cfg, named as kind
// names them, each with the kubeadm config's node-labels line.
func NodesFor(name string, cfg *v1alpha4.Cluster) []*Node {
	var out []*Node
	count := map[v1alpha4.NodeRole]int{}
	for _, cn := range cfg.Nodes {
		count[cn.Role]++
		suffix := string(cn.Role)
		if c := count[cn.Role]; c > 1 {
			suffix += fmt.Sprint(c)
		}
		var labels []string
		for k, v := range cn.Labels {
			labels = append(labels, k+"="+v)
		}
		sort.Strings(labels)
		out = append(out, &Node{
			Name:     name + "-" + suffix,
			NodeRole: string(cn.Role),
			Files:    map[string]string{"/kind/kubeadm.conf": "kubeletExtraArgs:\n    node-labels: \"" + strings.Join(labels, ",") + "\"\n"},
		})
	}
	return out
}

// Provider stands in for kind's provider. Create makes Nodes (and, like
// kind, the engine's network); a failed Create removes them unless told to
// retain them.
type Provider struct {
	mu       sync.Mutex
	Clusters map[string][]*Node
	Engine   *Engine       // where Create makes the "kind" network
	Err      error         // what Create returns, after making the nodes
	Block    chan struct{} // when set, Create waits until Delete (as kind fails once its nodes are gone)
	Created  []kind.CreateOptions
	Deleted  []string
	Exported []string
}

// NewProvider starts with no cluster.
func NewProvider(e *Engine) *Provider {
	return &Provider{Clusters: map[string][]*Node{}, Engine: e}
}

// Add puts an existing cluster on the provider.
func (p *Provider) Add(name string, ns ...*Node) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Clusters[name] = ns
}

// KpodCluster is a cluster kpod made: control plane and workers, marked.
func KpodCluster(name string, workers int) []*Node {
	return NodesFor(name, kind.Prepare(kind.Layout(workers), name, "", nil))
}

// OtherCluster is a kind cluster someone else made: no kpod mark.
func OtherCluster(name string) []*Node {
	return NodesFor(name, kind.Layout(0))
}

func (p *Provider) Create(name string, o kind.CreateOptions) error {
	p.mu.Lock()
	p.Created = append(p.Created, o)
	if _, ok := p.Clusters[name]; ok {
		p.mu.Unlock()
		return fmt.Errorf("node(s) already exist for a cluster with the name %q", name)
	}
	if p.Engine != nil {
		p.Engine.mu.Lock()
		p.Engine.Networks["kind"] = true
		p.Engine.mu.Unlock()
	}
	p.Clusters[name] = NodesFor(name, o.Config)
	block, err := p.Block, p.Err
	p.mu.Unlock()
	if block != nil {
		<-block
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.Clusters[name]; !ok {
		return fmt.Errorf("command \"docker exec %s-control-plane kubeadm init\" failed: container gone", name)
	}
	if err != nil && !o.Retain {
		delete(p.Clusters, name)
	}
	return err
}

func (p *Provider) Delete(name, _ string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Deleted = append(p.Deleted, name)
	delete(p.Clusters, name)
	if p.Block != nil {
		close(p.Block)
		p.Block = nil
	}
	return nil
}

func (p *Provider) List() ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for n := range p.Clusters {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func (p *Provider) ListNodes(name string) ([]nodes.Node, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []nodes.Node
	for _, n := range p.Clusters[name] {
		out = append(out, n)
	}
	return out, nil
}

func (p *Provider) KubeConfig(name string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.Clusters[name]; !ok {
		return "", fmt.Errorf("could not locate any control plane nodes for cluster named %q", name)
	}
	return "kubeconfig of " + name, nil
}

func (p *Provider) ExportKubeConfig(name, _ string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Exported = append(p.Exported, name)
	return nil
}

// Has reports whether the provider has a cluster called name.
func (p *Provider) Has(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.Clusters[name]
	return ok
}

// Engine stands in for Docker: a set of local images and networks.
type Engine struct {
	mu         sync.Mutex
	EngineName string
	Images     map[string]bool
	Networks   map[string]bool
	PullErr    error // nil: a pull adds the image
	Pulled     []string
	Saved      [][]string
	Removed    []string // networks removed
}

// NewEngine is a Docker with images in its store.
func NewEngine(images ...string) *Engine {
	e := &Engine{EngineName: "docker", Images: map[string]bool{}, Networks: map[string]bool{"bridge": true}}
	for _, img := range images {
		e.Images[img] = true
	}
	return e
}

func (e *Engine) Name() string    { return e.EngineName }
func (e *Engine) Version() string { return "28.0.0" }

func (e *Engine) HasImage(_ context.Context, ref string) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.Images[ref], nil
}

func (e *Engine) Pull(_ context.Context, ref string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Pulled = append(e.Pulled, ref)
	if e.PullErr != nil {
		return e.PullErr
	}
	e.Images[ref] = true
	return nil
}

func (e *Engine) Save(_ context.Context, w io.Writer, refs ...string) error {
	e.mu.Lock()
	e.Saved = append(e.Saved, refs)
	e.mu.Unlock()
	_, err := w.Write(Archive(refs...))
	return err
}

func (e *Engine) HasNetwork(_ context.Context, name string) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.Networks[name], nil
}

func (e *Engine) RemoveNetwork(_ context.Context, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.Removed = append(e.Removed, name)
	delete(e.Networks, name)
	return nil
}

// Archive is a small archive in `docker save`'s layout holding refs.
func Archive(refs ...string) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	manifest, _ := json.Marshal([]map[string]any{{"Config": "config.json", "RepoTags": refs, "Layers": []string{}}})
	for _, f := range []struct {
		name string
		body []byte
	}{{"config.json", []byte("{}")}, {"manifest.json", manifest}} {
		_ = tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body))})
		_, _ = tw.Write(f.body)
	}
	_ = tw.Close()
	return b.Bytes()
}

// KubeNode is the Kubernetes Node of a kind node container, with the images
// its kubelet reports (names as nodes report them).
func KubeNode(cluster, name, role string, ready bool, images ...string) *corev1.Node {
	status := corev1.ConditionFalse
	msg := "container runtime network not ready: cni plugin not initialized"
	if ready {
		status, msg = corev1.ConditionTrue, "kubelet is posting ready status"
	}
	n := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{kind.OwnerLabel: cluster}},
		Spec:       corev1.NodeSpec{ProviderID: "kind://docker/" + cluster + "/" + name},
		Status: corev1.NodeStatus{
			Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: status, Message: msg}},
			NodeInfo:   corev1.NodeSystemInfo{KubeletVersion: "v1.37.0"},
		},
	}
	if role == "control-plane" {
		n.Labels["node-role.kubernetes.io/control-plane"] = ""
	}
	for _, img := range images {
		n.Status.Images = append(n.Status.Images, corev1.ContainerImage{Names: []string{kind.Normalize(img)}})
	}
	return n
}
