package kind

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"
	kindexec "sigs.k8s.io/kind/pkg/exec"

	"github.com/kpod-dev/kpod/internal/text"
)

// Errors a caller may want to tell apart.
var (
	ErrNotOurs    = errors.New("not made by kpod")
	ErrNoCluster  = errors.New("no such cluster")
	ErrNodeImage  = errors.New("node image not available")
	ErrNotReady   = errors.New("nodes not Ready")
	ErrMissingImg = errors.New("lesson images not available")
)

// Manager makes, inspects and removes kpod's kind clusters.
type Manager struct {
	Engine   Engine
	Provider Provider
	// Client builds a Kubernetes client from a kubeconfig.
	Client   func(kubeconfig string) (kubernetes.Interface, error)
	Progress Progress
	Scene    text.Scene    // the reader's language and kpod as they run it, for Progress texts
	Network  string        // the engine network kind uses; "" for "kind"
	Poll     time.Duration // how often to look at the nodes while waiting; 0 for 2s
	TempDir  string        // where image archives are written; "" for the system's
}

// RESTClient builds a client from a kubeconfig, as Manager.Client.
func RESTClient(kubeconfig string) (kubernetes.Interface, error) {
	cfg, err := clientcmd.RESTConfigFromKubeConfig([]byte(kubeconfig))
	if err != nil {
		return nil, err
	}
	cfg.Timeout = 10 * time.Second
	return kubernetes.NewForConfig(cfg)
}

// Find reports whether a kind cluster called name exists and whether kpod
// made it.
func (m *Manager) Find(name string) (exists, ours bool, err error) {
	list, err := m.Provider.List()
	if err != nil {
		return false, false, errorOf(nil, "err.kind.list", nil).Because(explain(err))
	}
	if !slices.Contains(list, name) {
		return false, false, nil
	}
	ours, err = m.owned(name)
	return true, ours, err
}

// owned reads the control plane's kubeadm config, where kind writes the
// node labels, and looks for kpod's mark.
func (m *Manager) owned(name string) (bool, error) {
	all, err := m.Provider.ListNodes(name)
	if err != nil {
		return false, errorOf(nil, "err.kind.nodes", text.Facts{"Name": name}).Because(explain(err))
	}
	cps, err := nodeutils.ControlPlaneNodes(all)
	if err != nil || len(cps) == 0 {
		return false, nil // not a cluster kpod would have made
	}
	var out bytes.Buffer
	if err := cps[0].Command("cat", "/kind/kubeadm.conf").SetStdout(&out).Run(); err != nil {
		e := m.engineName()
		return false, errorOf(nil, "err.kind.owner", text.Facts{"Name": name, "Node": cps[0].String(), "Why": explain(err), "Engine": e, "Remove": removeCommand(e, name)})
	}
	mark := regexp.MustCompile(`(^|[\s",])` + regexp.QuoteMeta(OwnerLabel+"="+name) + `($|[\s",])`)
	return mark.Match(out.Bytes()), nil
}

func (m *Manager) engineName() string {
	if m.Engine == nil {
		return "docker"
	}
	return m.Engine.Name()
}

func (m *Manager) network() string {
	if m.Network == "" {
		return "kind"
	}
	return m.Network
}

// CreateRequest asks for a cluster.
type CreateRequest struct {
	Name       string
	Config     *v1alpha4.Cluster // from Prepare
	Kubeconfig string            // explicit kubeconfig path, "" for the default rules
	Wait       time.Duration     // for every node to be Ready
	Retain     bool              // keep a failed cluster to look at it
	Quirks     []Quirk           // already in Config; said before kind starts
}

// Result is what Create did.
type Result struct {
	Cluster string `json:"cluster"`
	Context string `json:"context"`
	Existed bool   `json:"existed"`
	Nodes   int    `json:"nodes"`
}

// Create makes the cluster and waits until every node is Ready; kind writes
// the kubeconfig context kind-NAME and makes it current. A cluster kpod made
// before is left as it is (its context is made current again). On failure,
// unless asked to retain it, nothing is left behind: no node, no kubeconfig
// entry, and no engine network that this call made.
func (m *Manager) Create(ctx context.Context, req CreateRequest) (*Result, error) {
	name := req.Name
	res := &Result{Cluster: name, Context: Context(name), Nodes: len(req.Config.Nodes)}
	exists, ours, err := m.Find(name)
	if err != nil {
		return nil, err
	}
	if exists && !ours {
		return nil, errorOf(ErrNotOurs, "err.kind.notours.create", text.Facts{"Name": name})
	}
	if exists {
		res.Existed = true
		if n, err := m.Provider.ListNodes(name); err == nil {
			res.Nodes = len(n)
		}
		if err := m.Provider.ExportKubeConfig(name, req.Kubeconfig); err != nil {
			return nil, errorOf(nil, "err.kind.kubeconfig", text.Facts{"Name": name, "Why": explain(err)})
		}
		return res, nil
	}
	for _, q := range req.Quirks {
		m.Progress.Info(m.Scene.Say(words, "kind.quirk", text.Facts{"Why": m.Scene.Say(words, "kind.quirk."+q.Name, nil), "Does": q.Does}))
	}
	cfg := req.Config.DeepCopy()
	if err := m.ensureNodeImages(ctx, cfg); err != nil {
		return nil, err
	}
	hadNetwork, err := m.Engine.HasNetwork(ctx, m.network())
	if err != nil {
		return nil, errorOf(nil, "err.kind.networks", text.Facts{"Engine": m.Engine.Name()}).Because(explain(err))
	}
	err = m.create(ctx, name, CreateOptions{Config: cfg, Kubeconfig: req.Kubeconfig, Retain: req.Retain})
	if err == nil {
		err = m.waitReady(ctx, name, len(cfg.Nodes), req.Wait)
	}
	if err != nil {
		if !req.Retain && !errors.Is(err, errTaken) {
			m.cleanup(name, req.Kubeconfig, hadNetwork)
		}
		if errors.Is(err, errTaken) {
			err = errorOf(ErrNotOurs, "err.kind.appeared", text.Facts{"Name": name})
		}
		return nil, err
	}
	return res, nil
}

var errTaken = errors.New("name taken")

// errorOf returns the error of message key, filled with facts, that matches
// sentinel (nil: none).
func errorOf(sentinel error, key string, facts text.Facts) *text.Error {
	return &text.Error{Key: key, Facts: facts, Err: sentinel, Words: words}
}

// nodesTaken reports kind's "node(s) already exist for a cluster with the
// name" error: kind makes it with errors.Errorf, so its text is the only signal.
func nodesTaken(err error) bool { return strings.Contains(err.Error(), "already exist for a cluster") }

// create runs kind; on Ctrl-C it deletes what kind has made so far, which
// makes kind's current step fail, and waits for kind to stop.
func (m *Manager) create(ctx context.Context, name string, o CreateOptions) error {
	done := make(chan error, 1)
	go func() { done <- m.Provider.Create(name, o) }()
	select {
	case err := <-done:
		if err == nil {
			return nil
		}
		if nodesTaken(err) {
			return errTaken
		}
		if o.Retain {
			return errorOf(nil, "err.kind.create.retained", text.Facts{"Name": name, "Why": explain(err), "Engine": m.engineName(), "Remove": removeCommand(m.engineName(), name)})
		}
		return errorOf(nil, "err.kind.create", text.Facts{"Name": name, "Why": explain(err)})
	case <-ctx.Done():
		if !o.Retain {
			m.Progress.Warn(m.Scene.Say(words, "kind.interrupted", nil))
			_ = m.Provider.Delete(name, o.Kubeconfig)
		}
		<-done
		return ctx.Err()
	}
}

// cleanup removes what a failed create left: kind's nodes and kubeconfig
// entries, and the engine network when this create made it (the engine
// refuses while any other container still uses it).
func (m *Manager) cleanup(name, kubeconfig string, hadNetwork bool) {
	_ = m.Provider.Delete(name, kubeconfig)
	if hadNetwork {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if has, err := m.Engine.HasNetwork(ctx, m.network()); err == nil && has {
		_ = m.Engine.RemoveNetwork(ctx, m.network())
	}
}

// ensureNodeImages makes sure the engine has each node image, pulling it
// when it can. A pinned image (name:tag@sha256:...) that is only there by its
// tag, as after `docker load`, is used by its tag.
func (m *Manager) ensureNodeImages(ctx context.Context, cfg *v1alpha4.Cluster) error {
	for _, img := range NodeImages(cfg) {
		ok, err := m.Engine.HasImage(ctx, img)
		if err != nil {
			return errorOf(nil, "err.kind.nodeimage.find", text.Facts{"Image": img}).Because(explain(err))
		}
		if ok {
			continue
		}
		tag, _, pinned := strings.Cut(img, "@")
		if pinned {
			if ok, err := m.Engine.HasImage(ctx, tag); err == nil && ok {
				m.Progress.Info(m.Scene.Say(words, "kind.bytag", text.Facts{"Image": tag}))
				for i := range cfg.Nodes {
					if cfg.Nodes[i].Image == img {
						cfg.Nodes[i].Image = tag
					}
				}
				continue
			}
		}
		step := m.Scene.Say(words, "kind.step.pull", text.Facts{"Image": tag})
		m.Progress.Start(step)
		if err := m.Engine.Pull(ctx, img); err != nil {
			m.Progress.End(step, false)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			e := m.engineName()
			return errorOf(ErrNodeImage, "err.kind.nodeimage", text.Facts{"Image": tag, "Why": explain(err), "Engine": e})
		}
		m.Progress.End(step, true)
	}
	return nil
}

func (m *Manager) waitReady(ctx context.Context, name string, want int, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	kc, err := m.Provider.KubeConfig(name)
	if err != nil {
		return errorOf(nil, "err.kind.kubeconfig.read", text.Facts{"Name": name}).Because(explain(err))
	}
	client, err := m.Client(kc)
	if err != nil {
		return errorOf(nil, "err.kind.client", text.Facts{"Name": name}).Because(explain(err))
	}
	step := m.Scene.Say(words, "kind.step.ready", text.Facts{"Count": want})
	m.Progress.Start(step)
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	poll := m.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	var notReady []corev1.Node
	for {
		list, err := client.CoreV1().Nodes().List(wctx, metav1.ListOptions{})
		if err == nil {
			notReady = notReady[:0]
			for _, n := range list.Items {
				if !NodeReady(&n) {
					notReady = append(notReady, n)
				}
			}
			if len(list.Items) >= want && len(notReady) == 0 {
				m.Progress.End(step, true)
				return nil
			}
		}
		select {
		case <-wctx.Done():
			m.Progress.End(step, false)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return m.notReadyError(name, want, d, notReady)
		case <-time.After(poll):
		}
	}
}

func (m *Manager) notReadyError(name string, want int, d time.Duration, notReady []corev1.Node) error {
	if len(notReady) == 0 {
		return errorOf(ErrNotReady, "err.kind.nonodes", text.Facts{"Name": name, "Count": want, "Wait": d})
	}
	names := make([]string, len(notReady))
	for i, n := range notReady {
		names[i] = n.Name
	}
	why := ""
	for _, c := range notReady[0].Status.Conditions {
		if c.Type == corev1.NodeReady && c.Message != "" {
			why = fmt.Sprintf("%s: %s", notReady[0].Name, strings.Join(strings.Fields(c.Message), " "))
		}
	}
	return errorOf(ErrNotReady, "err.kind.notready", text.Facts{"Nodes": strings.Join(names, ", "), "Wait": d, "Why": why, "Engine": m.engineName(), "First": names[0]})
}

// NodeReady reports whether a Node's Ready condition is True.
func NodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// Delete removes a cluster kpod made, with its kubeconfig entries. It
// reports false when there was no such cluster.
func (m *Manager) Delete(name, kubeconfig string) (bool, error) {
	exists, ours, err := m.Find(name)
	if err != nil || !exists {
		return false, err
	}
	if !ours {
		return true, errorOf(ErrNotOurs, "err.kind.notours.delete", text.Facts{"Name": name})
	}
	step := m.Scene.Say(words, "kind.step.delete", text.Facts{"Name": name})
	m.Progress.Start(step)
	if err := m.Provider.Delete(name, kubeconfig); err != nil {
		m.Progress.End(step, false)
		return true, errorOf(nil, "err.kind.delete", text.Facts{"Name": name, "Why": explain(err)})
	}
	m.Progress.End(step, true)
	return true, nil
}

// NodeStatus is one node of Status.
type NodeStatus struct {
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Version   string   `json:"version"`
	Ready     bool     `json:"ready"`
	Container string   `json:"container,omitempty"`
	Missing   []string `json:"missingImages"`
}

// Status is what `kpod cluster status` shows.
type Status struct {
	Cluster string       `json:"cluster"`
	Context string       `json:"context"`
	Engine  string       `json:"engine"`
	Kpod    bool         `json:"kpod"` // made by kpod
	Images  []string     `json:"images"`
	Nodes   []NodeStatus `json:"nodes"`
}

// NoCluster returns the error for a cluster that does not exist.
func NoCluster(name string) error {
	cmd := "kpod cluster create"
	if name != DefaultName {
		cmd += " --name " + name
	}
	return errorOf(ErrNoCluster, "err.kind.nocluster", text.Facts{"Name": name, "Command": cmd})
}

// Status reports the cluster's nodes, their versions and readiness, and
// which of images each node lacks.
func (m *Manager) Status(ctx context.Context, name string, images []string) (*Status, error) {
	exists, ours, err := m.Find(name)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, NoCluster(name)
	}
	st := &Status{Cluster: name, Context: Context(name), Engine: m.engineName(), Kpod: ours, Images: images, Nodes: []NodeStatus{}}
	kc, err := m.Provider.KubeConfig(name)
	if err != nil {
		return nil, errorOf(nil, "err.kind.stopped", text.Facts{"Name": name, "Why": explain(err), "Engine": m.engineName()})
	}
	client, err := m.Client(kc)
	if err != nil {
		return nil, errorOf(nil, "err.kind.client", text.Facts{"Name": name}).Because(explain(err))
	}
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	list, err := client.CoreV1().Nodes().List(lctx, metav1.ListOptions{})
	if err != nil {
		return nil, errorOf(nil, "err.kind.noanswer", text.Facts{"Name": name, "Why": explain(err)})
	}
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
	for i := range list.Items {
		n := &list.Items[i]
		ns := NodeStatus{Name: n.Name, Role: Role(n), Version: n.Status.NodeInfo.KubeletVersion, Ready: NodeReady(n), Missing: Missing(n, images)}
		if ns.Missing == nil {
			ns.Missing = []string{}
		}
		if a, ok := NodeAccess(n); ok {
			ns.Container = a.Container
		}
		st.Nodes = append(st.Nodes, ns)
	}
	return st, nil
}

// Role returns a Node's role as kubectl shows it: control-plane or worker.
func Role(n *corev1.Node) string {
	if _, ok := n.Labels["node-role.kubernetes.io/control-plane"]; ok {
		return "control-plane"
	}
	return "worker"
}

// explain returns an error from kind or an engine told on one line, with
// err kept as its cause: for a command that failed, the last thing it said
// (leaving out pointers to --help).
func explain(err error) error {
	var run *kindexec.RunError
	if errors.As(err, &run) {
		lines := strings.Split(strings.TrimSpace(string(run.Output)), "\n")
		for i := len(lines) - 1; i >= 0; i-- {
			l := strings.TrimSpace(lines[i])
			if l == "" || strings.HasPrefix(l, "Run '") || strings.HasPrefix(l, "See '") {
				continue
			}
			l = strings.TrimPrefix(l, run.Command[0]+": ")
			l = strings.TrimPrefix(l, "Error response from daemon: ")
			facts := text.Facts{"Command": run.Command[0] + " " + firstArg(run.Command), "Said": l}
			if strings.Contains(l, "unable to apply caps") {
				return errorOf(nil, "err.kind.said.caps", facts).Because(err)
			}
			return errorOf(nil, "err.kind.said", facts).Because(err)
		}
	}
	return flat{err}
}

// flat is an error told on one line.
type flat struct{ err error }

func (f flat) Error() string { return oneLine(f.err) }
func (f flat) Unwrap() error { return f.err }

func firstArg(cmd []string) string {
	if len(cmd) > 1 {
		return cmd[1]
	}
	return ""
}

// removeCommand returns how to remove a cluster's node containers by hand.
func removeCommand(engine, name string) string {
	return fmt.Sprintf("`%s rm -f $(%s ps -aq --filter label=io.x-k8s.kind.cluster=%s)`", engine, engine, name)
}
