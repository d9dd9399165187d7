package lessons

import (
	"context"
	"errors"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// NodeWay is how a run reaches nodes. Before anything is made it picks one
// way (kube.NodeAccess) and says which in one line: `docker exec` (or
// podman) when every node is a container of a kind cluster on this
// machine, else a privileged helper Pod on each node, if the cluster and
// the user's rights allow one. Where neither works, preflight returns one
// error. The node lessons and practice share it (doctor only reads
// kind.NodeAccess, to name the kind cluster in its advice).
type NodeWay struct {
	Clients   *kube.Clients // nil in a dry run
	Namespace string        // where helper Pods go
	Image     string        // the helper Pods' image
	Labels    map[string]string
	Timeout   time.Duration
	KindNodes kind.NodeLister // nil: kind's own provider
	// Access is the way to the nodes: nil until preflight or Start picks
	// one (or set beforehand).
	Access kube.NodeAccess
	// Say tells a message key with facts; Note shows a note; Made hears of
	// each helper Pod before it is made (all may be nil).
	Say  func(key string, facts text.Facts) string
	Note func(kind ui.Mark, text string)
	Made func(kind, name string)
	// Wait waits for a helper Pod on a watch the run has (nil: one of its own).
	Wait func(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error)

	list    []corev1.Node
	notKind error
	hasNS   bool // preflight read the namespace: it is there
	notes   []note
	started bool
}

// DefaultTimeout is how long a run waits for the cluster unless told
// otherwise.
const DefaultTimeout = 2 * time.Minute

// NodeWayOptions say whose helper Pods a NodeWay makes, and how it tells
// what it does.
type NodeWayOptions struct {
	Namespace string        // where helper Pods go
	Lesson    string        // helper Pods are labelled as this lesson's objects
	Image     string        // the helper Pods' image
	Timeout   time.Duration // how long each is waited for (0: DefaultTimeout)
	Lang      string        // the language of its messages
}

// NewNodeWay is the way to the nodes through c for the node lessons and
// practice alike. The caller may then set KindNodes, Access, Say, Note and
// Made.
func NewNodeWay(c *kube.Clients, o NodeWayOptions) *NodeWay {
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	return &NodeWay{Clients: c, Namespace: o.Namespace, Image: o.Image, Labels: lessonLabels(o.Lesson), Timeout: o.Timeout,
		Say: func(key string, facts text.Facts) string { return Messages.Say(o.Lang, key, facts) }}
}

type note struct {
	kind ui.Mark
	text string
}

// render is message key in the node way's words (the engine's English
// without them), filled with facts.
func (n *NodeWay) render(key string, facts text.Facts) string {
	if n.Say == nil {
		return Messages.Say("en", key, facts)
	}
	return n.Say(key, facts)
}

// preflight checks, making nothing, that the user may reach the nodes:
// list them, and unless they are kind containers on this machine, make a
// privileged helper Pod in the namespace (the rights to make one and exec
// into it, and a namespace whose Pod Security level allows it). It returns
// one line saying what is missing and what to do instead, and picks Access.
func (n *NodeWay) preflight(ctx context.Context) error {
	if n.Access != nil {
		return nil
	}
	if err := n.deny(ctx, []kube.Access{{Verb: "list", Resource: "nodes"}}); err != nil {
		return err
	}
	if kindWay, err := n.kindWay(ctx); err != nil || kindWay {
		return err
	}
	ns := n.Namespace
	if err := n.deny(ctx, kube.HelperPodAccess(ns)); err != nil {
		return err
	}
	got, err := n.Clients.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		return nil // missing (kpod makes it), or not ours to read: the helper Pod's dry run tells later
	}
	n.hasNS = true
	if level := kube.PodSecurityLevel(got); level != "privileged" {
		return Messages.Err("err.preflight.podsecurity", text.Facts{"Namespace": ns, "Level": level})
	}
	return n.Start(ctx) // a server-side dry run of the helper Pod
}

// deny returns the refusal for the accesses the user lacks, if any.
func (n *NodeWay) deny(ctx context.Context, want []kube.Access) error {
	denied, err := kube.Denied(ctx, n.Clients.Client, want)
	if err != nil || len(denied) == 0 {
		return err
	}
	return Messages.Err("err.preflight.denied", text.Facts{"Missing": kube.AccessList(denied), "First": denied[0].String()})
}

// kindWay lists the nodes and, when they are containers of a kind cluster
// on this machine, picks `docker exec` and says it is the way.
func (n *NodeWay) kindWay(ctx context.Context) (bool, error) {
	list, err := n.Clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, Messages.Err("err.lesson.nodes.list", nil).Because(kube.Explain(err))
	}
	n.list = list.Items
	ls := n.KindNodes
	if ls == nil {
		ls = kind.SystemNodes
	}
	e, notKind := kind.FindExec(list.Items, ls)
	if notKind == nil {
		n.Access = e
		n.later(ui.Info, n.render("ui.node.exec", text.Facts{"Command": e.Way(), "Cluster": e.Cluster}))
		return true, nil
	}
	n.notKind = notKind
	return false, nil
}

// Start picks Access (unless there is one): kind's `docker exec`, else a
// helper Pod, after a server-side dry run of one.
func (n *NodeWay) Start(ctx context.Context) error {
	if n.Access != nil {
		return nil
	}
	if n.list == nil {
		if kindWay, err := n.kindWay(ctx); err != nil || kindWay {
			return err
		}
	}
	h := n.helpers()
	nodes := kube.SortNodes(n.list)
	if len(nodes) == 0 {
		return Messages.Err("err.lesson.nodes.none", nil)
	}
	if err := h.Check(ctx, nodes[0].Name); err != nil {
		if errors.Is(err, kube.ErrNoNodeAccess) {
			return Messages.Err("err.lesson.nodes.reach", text.Facts{"NotKind": n.notKind}).Because(err)
		}
		return err
	}
	n.Access = h
	n.later(ui.Info, n.render("ui.node.way", text.Facts{"Command": h.Command("NODE", "sh")}))
	return nil
}

// begin shows the notes kept until now (which way, each helper Pod made);
// later notes show at once.
func (n *NodeWay) begin() {
	n.started = true
	for _, nt := range n.notes {
		n.note(nt.kind, nt.text)
	}
	n.notes = nil
}

// Find is preflight then Start, and begin: the way to the nodes, found as
// a node lesson finds it. The caller closes a *kube.HelperPods it gets.
func (n *NodeWay) Find(ctx context.Context) (kube.NodeAccess, error) {
	if err := n.preflight(ctx); err != nil {
		return nil, err
	}
	if err := n.Start(ctx); err != nil { // a namespace kpod could not read: the helper Pod's dry run tells
		return nil, err
	}
	n.begin()
	return n.Access, nil
}

// later keeps a note to show once begin is called.
func (n *NodeWay) later(kind ui.Mark, text string) {
	if n.started {
		n.note(kind, text)
		return
	}
	n.notes = append(n.notes, note{kind, text})
}

func (n *NodeWay) note(kind ui.Mark, text string) {
	if n.Note != nil {
		n.Note(kind, text)
	}
}

// helpers is the helper-Pod way: its Pods carry the run's labels, and Made
// hears of each before it is made.
func (n *NodeWay) helpers() *kube.HelperPods {
	h := &kube.HelperPods{Namespace: n.Namespace, Image: n.Image, Labels: n.Labels, Timeout: n.Timeout, Wait: n.Wait}
	if n.Clients != nil {
		h.Client, h.Exec = n.Clients.Client, n.Clients.Exec
	}
	h.Creating = func(node, pod string) {
		n.note(ui.Info, n.render("ui.node.helper", text.Facts{"Pod": pod, "Node": node}))
		if n.Made != nil {
			n.Made("Pod", pod)
		}
	}
	return h
}

// Way is Access; before one is picked (a dry run), the helper-Pod way.
func (n *NodeWay) Way() kube.NodeAccess {
	if n.Access == nil {
		n.Access = n.helpers()
	}
	return n.Access
}
