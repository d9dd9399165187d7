package practice

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/text"
)

// Nodes is how a check looks at a node: the practice's way to reach nodes
// (the same node.Access the node lessons use) and what it learned
// there. A node's answer is kept while what it depends on is the same (a
// Pod's resourceVersion), so a check that runs on every watched change
// does not go to the node each time.
type Nodes struct {
	Access node.Access
	// clients ask a kubelet for its static Pod directory through the API
	// first (node.StaticPodDir), as the static lesson does.
	clients *kube.Clients
	Node    string // the node kpod picked for tasks that name none (as the static lesson does)
	// StaticDir is Node's static Pod directory, as the texts show it: read
	// once by ReadStaticDir, where the nodes are found.
	StaticDir string

	mu    sync.Mutex
	cache map[string]nodeAnswer
}

type nodeAnswer struct {
	key string
	out any
}

// NewNodes looks at nodes through a, and asks their kubelets through c.
func NewNodes(c *kube.Clients, a node.Access, node string) *Nodes {
	return &Nodes{Access: a, Node: node, clients: c}
}

// remember returns fn's answer, kept under name while key is the same.
func (n *Nodes) remember(ctx context.Context, name, key string, fn func(ctx context.Context) (any, error)) (any, error) {
	n.mu.Lock()
	if a, ok := n.cache[name]; ok && a.key == key {
		n.mu.Unlock()
		return a.out, nil
	}
	n.mu.Unlock()
	out, err := fn(ctx)
	if err != nil {
		return out, err // asked again next time: it may be a moment's failure
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cache == nil {
		n.cache = map[string]nodeAnswer{}
	}
	n.cache[name] = nodeAnswer{key: key, out: out}
	return out, nil
}

// Sandbox returns the ID of the sandbox that holds p on its node (kubelet UID
// uid), read from the node's /proc: the cgroup of the pause process among the
// Pod's processes. It keeps the ID while the Pod has the same sandbox (the
// same IP, from the same moment its sandbox became ready), so the check that
// finally holds (an annotation, a restart) does not wait for the node.
func (n *Nodes) Sandbox(ctx context.Context, p *corev1.Pod, uid types.UID) (string, error) {
	key := p.Spec.NodeName + "/" + p.Status.PodIP
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReadyToStartContainers {
			key += "/" + string(c.Status) + "/" + c.LastTransitionTime.UTC().String()
		}
	}
	out, err := n.remember(ctx, "sandbox/"+string(uid), key, func(ctx context.Context) (any, error) {
		q := p.DeepCopy()
		q.UID = uid
		procs, err := node.PodProcesses(ctx, n.Access, q)
		if err != nil {
			return "", err
		}
		for _, pr := range procs {
			if pr.Container == node.Sandbox && pr.ID != "" {
				return pr.ID, nil
			}
		}
		return "", fmt.Errorf("no sandbox ID in the cgroup of pod/%s's pause process on node %s", p.Name, p.Spec.NodeName)
	})
	id, _ := out.(string)
	return id, err
}

// kubelet returns what kpod finds of the kubelet of the node called name
// (kept for the practice).
func (n *Nodes) kubelet(ctx context.Context, name string) (node.Kubelet, error) {
	out, err := n.remember(ctx, "kubelet/"+name, "", func(ctx context.Context) (any, error) {
		return node.StaticPodDir(ctx, n.clients, n.Access, name)
	})
	k, _ := out.(node.Kubelet)
	return k, err
}

// StaticFiles returns the files in dir on node that declare a Pod called
// name in namespace ns, by their path.
func (n *Nodes) StaticFiles(ctx context.Context, node, dir, name, ns, key string) ([]string, error) {
	out, err := n.remember(ctx, "static/"+node+"/"+name, key, func(ctx context.Context) (any, error) {
		text, err := n.Access.Run(ctx, node, staticScan(dir, name))
		if err != nil {
			return nil, err
		}
		return declaring(text, name, ns), nil
	})
	files, _ := out.([]string)
	return files, err
}

// staticScan prints every file in dir (as the kubelet reads it: no hidden
// ones) that mentions name, each after a line "==> FILE".
func staticScan(dir, name string) string {
	return "cd " + shellescape.Quote(dir) + " && for f in *; do [ -f \"$f\" ] && grep -qF " + shellescape.Quote(name) +
		" \"$f\" && { echo \"==> $f\"; cat \"$f\"; echo; }; done; true"
}

// declaring reads staticScan's output: the files whose manifest is a Pod
// called name in namespace ns.
func declaring(text, name, ns string) []string {
	var files []string
	for _, part := range strings.Split("\n"+text, "\n==> ")[1:] {
		file, body, _ := strings.Cut(part, "\n")
		var m struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if yaml.Unmarshal([]byte(body), &m) == nil && m.Kind == "Pod" && m.Metadata.Name == name && m.Metadata.Namespace == ns {
			files = append(files, file)
		}
	}
	return files
}

// Command returns how the student runs script on node
// (`docker exec NODE ...`, `kubectl debug node/NODE ...`), as the lessons
// show it.
func (n *Nodes) Command(node, script string) string { return n.Access.Command(node, script) }

var hexID = regexp.MustCompile(`^[0-9a-f]{13,64}$`)

// ReadStaticDir reads the picked node's static Pod directory into
// StaticDir, so that a text need not go to the node. Where it cannot,
// StaticDir is kubeadm's (kind's too) and the error says why.
func (n *Nodes) ReadStaticDir(ctx context.Context) error {
	dir, err := n.staticDir(ctx, n.Node)
	if err != nil {
		n.StaticDir = kube.KubeadmManifests
		return err
	}
	n.StaticDir = dir
	return nil
}

// staticDir returns the kubelet's staticPodPath on node, or an error saying
// why there is none.
func (n *Nodes) staticDir(ctx context.Context, node string) (string, error) {
	k, err := n.kubelet(ctx, node)
	if err != nil {
		return "", err
	}
	if k.StaticPodPath == "" {
		return "", fmt.Errorf("the kubelet on node %s has no staticPodPath", node)
	}
	return path.Clean(k.StaticPodPath), nil
}

// The rules of node tasks. Each holds only from what kpod itself
// reads on the node, never from what a Pod or the student says alone.

// SandboxAnnotation is where the student writes the ID of their Pod's
// sandbox (its pause container), as crictl shows it.
const SandboxAnnotation = "kpod.dev/sandbox"

// SandboxFound holds when the Pod's annotation kpod.dev/sandbox names (13
// or more of its first hex digits, as `crictl pods` shows) the sandbox
// that holds the Pod on its node: the container of the pause process kpod
// finds in the node's /proc by the Pod's UID. The API shows no sandbox ID,
// so only a look on the node finds it.
func SandboxFound(ctx context.Context, w *World, p *corev1.Pod) *Why {
	id := strings.ToLower(strings.TrimSpace(p.Annotations[SandboxAnnotation]))
	var sandbox string
	var err error
	running := p.Spec.NodeName != "" && p.Status.PodIP != "" && p.Status.Phase == corev1.PodRunning
	if running && w.Nodes != nil { // looked up as soon as the Pod runs, kept while its sandbox is the same
		sandbox, err = w.Nodes.Sandbox(ctx, p, p.UID)
	}
	switch {
	case id == "":
		return why("sandbox-missing", text.Facts{"Want": SandboxAnnotation})
	case w.Nodes == nil:
		return why("node-none", nil)
	case !running:
		return why("ready", text.Facts{"Status": kube.PodStatus(p)})
	}
	if strings.Contains(id, "://") {
		_, id, _ = strings.Cut(id, "://")
	}
	for _, cs := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if _, cid, ok := strings.Cut(cs.ContainerID, "://"); ok && len(id) >= 12 && strings.HasPrefix(cid, id) {
			return why("sandbox-is-container", text.Facts{"Container": cs.Name})
		}
	}
	if !hexID.MatchString(id) {
		return why("sandbox-form", text.Facts{"Got": id, "Want": SandboxAnnotation})
	}
	if err != nil {
		return why("node-error", text.Facts{"Node": p.Spec.NodeName, "Got": err.Error()})
	}
	if !strings.HasPrefix(sandbox, id) {
		return why("sandbox-wrong", text.Facts{"Got": id, "Node": p.Spec.NodeName})
	}
	return nil
}

// Restarted holds when the kubelet restarted a container of the Pod.
func Restarted(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if kube.Restarts(p) > 0 {
		return nil
	}
	return why("no-restart", nil)
}

// StaticPod holds when a mirror Pod name-NODE is in the namespace, ready,
// and the node really runs it from a file of the student's: a file in
// that node's staticPodPath declares the Pod name in this namespace (kpod
// reads the kubelet's config and the folder on the node), and the
// kubelet runs the Pod's processes under the UID the mirror Pod names.
func StaticPod(name string) Check {
	return func(ctx context.Context, w *World) Result {
		var mirror *corev1.Pod
		for _, p := range w.Pods {
			if p.Spec.NodeName != "" && p.Name == name+"-"+p.Spec.NodeName {
				mirror = p
			}
		}
		if mirror == nil {
			if p := w.Pod(name); p != nil {
				return Result{Pod: name, Why: why("api-pod", text.Facts{"Pod": name})}
			}
			return Result{Why: why("no-mirror", text.Facts{"Want": name, "Namespace": w.Namespace})}
		}
		_, res := judge(ctx, w, mirror, []Rule{Mirror, notKpods, fromFile(name), Ready, runsOnNode})
		return res
	}
}

// notKpods holds for a static Pod the student wrote, not one a lesson wrote.
func notKpods(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if f := p.Annotations[node.StaticFileAnnotation]; f != "" {
		return why("kpod-static", text.Facts{"Got": f})
	}
	return nil
}

// fromFile holds when the mirror Pod's node runs it from a file in its
// staticPodPath that declares name in this namespace.
func fromFile(name string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if w.Nodes == nil {
			return why("node-none", nil)
		}
		node := p.Spec.NodeName
		dir, err := w.Nodes.staticDir(ctx, node)
		if err != nil {
			return why("node-error", text.Facts{"Node": node, "Got": err.Error()})
		}
		// a changed file makes a new static Pod: a new mirror (UID) and hash
		files, err := w.Nodes.StaticFiles(ctx, node, dir, name, w.Namespace, string(p.UID)+"/"+p.Annotations[corev1.MirrorPodAnnotationKey])
		if err != nil {
			return why("node-error", text.Facts{"Node": node, "Got": err.Error()})
		}
		if len(files) == 0 {
			return why("static-file", text.Facts{"Node": node, "Want": dir})
		}
		if p.Status.PodIP != "" { // look now, so the check that finally holds need not wait
			_, _ = w.Nodes.Sandbox(ctx, p, types.UID(p.Annotations[corev1.MirrorPodAnnotationKey]))
		}
		return nil
	}
}

// runsOnNode holds when the node runs the mirror Pod's processes under the
// UID the mirror names (its kubelet's hash of the file).
func runsOnNode(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if _, err := w.Nodes.Sandbox(ctx, p, types.UID(p.Annotations[corev1.MirrorPodAnnotationKey])); err != nil {
		return why("node-error", text.Facts{"Node": p.Spec.NodeName, "Got": err.Error()})
	}
	return nil
}
