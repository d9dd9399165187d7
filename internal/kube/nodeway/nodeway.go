// Package nodeway finds how kpod reaches the nodes (a node.Access):
// `docker exec` (or podman) when every node is a container of a kind
// cluster on this machine, else a privileged helper Pod on each node, if
// the cluster and the user's rights allow one. Where neither works it
// returns one error saying what is missing and what to do instead. The
// node lessons and practice find it the same way.
package nodeway

import (
	"context"
	"embed"
	"errors"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are the way's notes and errors, in every language.
var words = text.MustLoad(files)

// Words returns the way's notes and errors, for callers that say them again
// (replay) or check them.
func Words() text.Text { return words }

// Options say whose helper Pods a Way makes and how it finds kind's nodes.
type Options struct {
	Namespace string            // where helper Pods go
	Image     string            // the helper Pods' image
	Labels    map[string]string // the helper Pods' labels
	Timeout   time.Duration     // how long a helper Pod is waited for (0: kube's default)
	KindNodes kind.NodeLister   // nil: kind's own provider
	// Access, when given, is the way: Find only lists the nodes.
	Access node.Access
	// Helpers hears of the helper Pods the way makes (nil: nobody does,
	// and each is waited for on a watch of its own).
	Helpers Helpers
}

// Helpers is what a run does about the helper Pods the way makes.
type Helpers interface {
	// Making hears of a helper Pod before it is made, with the note that
	// says so.
	Making(pod string, n Note)
	// Wait waits for the helper Pod name to meet cond.
	Wait(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error)
}

// Note is a line the caller says, once: a key of words and its facts.
type Note struct {
	Key   string
	Facts text.Facts
}

// In returns the note told in sc.
func (n Note) In(sc text.Scene) string { return sc.Say(words, n.Key, n.Facts) }

// Line returns the note told in sc, with what a replay says it again from.
func (n Note) Line(sc text.Scene) report.Line {
	return report.Line{Text: n.In(sc), Said: report.Said{Key: n.Key, Facts: n.Facts, Program: sc.Program, Namespace: sc.Namespace}}
}

// Found is what a Way found.
type Found struct {
	// Access is the way to the nodes; nil after Check when it could not
	// try a helper Pod yet (the namespace was not there).
	Access node.Access
	// Nodes are the nodes as listed (nil when not listed).
	Nodes []corev1.Node
	// NamespaceReady is true when Check read the namespace: it is there.
	NamespaceReady bool
	// Notes say which way was found, for the caller to say once.
	Notes []Note
}

// Way finds the way to the nodes through one set of clients.
type Way struct {
	clients *kube.Clients
	o       Options
	checked bool
	err     error // Check's
	found   Found
	notKind error // why the nodes are not kind's containers here
}

// New returns the way to the nodes through c.
func New(c *kube.Clients, o Options) *Way { return &Way{clients: c, o: o} }

// Check checks, making nothing, that the user may reach the nodes: list
// them, and unless they are kind containers on this machine, make a
// privileged helper Pod in the namespace (the rights to make one and exec
// into it, a namespace whose Pod Security level allows it, and a
// server-side dry run of one). Where the namespace is not there yet (or not
// the user's to read) it returns without Access: make it, then call Find.
// A second call returns what the first did.
func (w *Way) Check(ctx context.Context) (Found, error) {
	if !w.checked {
		w.checked = true
		w.err = w.check(ctx)
	}
	return w.found, w.err
}

func (w *Way) check(ctx context.Context) error {
	if w.o.Access != nil {
		return w.list(ctx, w.o.Access)
	}
	if err := w.deny(ctx, []kube.Access{{Verb: "list", Resource: "nodes"}}); err != nil {
		return err
	}
	if err := w.list(ctx, nil); err != nil || w.found.Access != nil {
		return err
	}
	ns := w.o.Namespace
	if err := w.deny(ctx, kube.HelperPodAccess(ns)); err != nil {
		return err
	}
	got, err := w.clients.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		return nil // missing (the caller makes it), or not ours to read: the helper Pod's dry run tells later
	}
	w.found.NamespaceReady = true
	if level := kube.PodSecurityLevel(got); level != "privileged" {
		return words.Err("err.preflight.podsecurity", text.Facts{"Namespace": ns, "Level": level})
	}
	return w.helpers(ctx)
}

// Find runs Check, then, where Check found no way yet, a server-side dry run
// of a helper Pod. The caller closes a *node.HelperPods it gets.
func (w *Way) Find(ctx context.Context) (Found, error) {
	if _, err := w.Check(ctx); err != nil || w.found.Access != nil {
		return w.found, err
	}
	err := w.helpers(ctx) // a namespace kpod could not read: the dry run tells
	return w.found, err
}

// deny returns the refusal for the accesses the user lacks, if any.
func (w *Way) deny(ctx context.Context, want []kube.Access) error {
	denied, err := kube.Denied(ctx, w.clients.Client, want)
	if err != nil || len(denied) == 0 {
		return err
	}
	return words.Err("err.preflight.denied", text.Facts{"Missing": kube.AccessList(denied), "First": denied[0].String()})
}

// list lists the nodes and takes given as the way; without one, when the
// nodes are containers of a kind cluster on this machine, it takes
// `docker exec` and notes that it is the way.
func (w *Way) list(ctx context.Context, given node.Access) error {
	list, err := w.clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return words.Err("err.nodeway.list", nil).Because(kube.Explain(err))
	}
	w.found.Nodes = list.Items
	if given != nil {
		w.found.Access = given
		return nil
	}
	ls := w.o.KindNodes
	if ls == nil {
		ls = kind.SystemNodes
	}
	e, notKind := kind.FindExec(list.Items, ls)
	if notKind != nil {
		w.notKind = notKind
		return nil
	}
	w.found.Access = e
	w.found.Notes = append(w.found.Notes, Note{"ui.node.exec", text.Facts{"Command": e.Way(), "Cluster": e.Cluster}})
	return nil
}

// helpers takes the helper-Pod way after a server-side dry run of one on
// the first node, and notes that it is the way.
func (w *Way) helpers(ctx context.Context) error {
	nodes := node.Sort(w.found.Nodes)
	if len(nodes) == 0 {
		return words.Err("err.nodeway.none", nil)
	}
	h := w.helperPods()
	if err := h.Check(ctx, nodes[0].Name); err != nil {
		if errors.Is(err, node.ErrNoAccess) {
			return words.Err("err.nodeway.reach", text.Facts{"NotKind": w.notKind}).Because(err)
		}
		return err
	}
	w.found.Access = h
	w.found.Notes = append(w.found.Notes, Note{"ui.node.way", text.Facts{"Command": h.Command("NODE", "sh")}})
	return nil
}

// helperPods returns the helper-Pod way: Helpers hears of each Pod before it
// is made, and waits for it.
func (w *Way) helperPods() *node.HelperPods {
	h := &node.HelperPods{Client: w.clients.Client, Exec: w.clients.Exec, Namespace: w.o.Namespace, Image: w.o.Image, Labels: w.o.Labels, Timeout: w.o.Timeout}
	if hs := w.o.Helpers; hs != nil {
		h.Creating = func(node, pod string) { hs.Making(pod, Note{"ui.node.helper", text.Facts{"Pod": pod, "Node": node}}) }
		h.Wait = hs.Wait
	}
	return h
}

// Shown returns the way node commands are shown before one is found (a dry
// run): the helper-Pod way, with image.
func Shown(image string) node.Access { return &node.HelperPods{Image: image} }
