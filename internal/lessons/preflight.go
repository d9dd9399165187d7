package lessons

import (
	"context"
	"errors"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Preflight checks, before a lesson shows or makes anything, that the user
// may do what it needs, and returns one line saying what is missing and
// what to do instead. Today that is the node lessons' needs: listing nodes,
// and unless the nodes are kind containers on this machine, a privileged
// helper Pod in the namespace (the rights to make one and exec into it,
// and a namespace whose Pod Security level allows it). It makes nothing;
// it also picks the session's NodeAccess.
func (s *Session) Preflight(ctx context.Context) error {
	if !s.Lesson.Node || s.NodeAccess != nil {
		return nil
	}
	c := s.Clients.Client
	if err := s.deny(ctx, []kube.Access{{Verb: "list", Resource: "nodes"}}); err != nil {
		return err
	}
	if kindWay, err := s.kindNodes(ctx); err != nil || kindWay {
		return err
	}
	ns := s.Namespace
	if err := s.deny(ctx, []kube.Access{
		{Verb: "create", Resource: "pods", Namespace: ns},
		{Verb: "create", Resource: "pods", Subresource: "exec", Namespace: ns},
		{Verb: "delete", Resource: "pods", Namespace: ns},
	}); err != nil {
		return err
	}
	n, err := c.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		return nil // missing (kpod makes it), or not ours to read: the helper Pod's dry run tells later
	}
	if level := kube.PodSecurityLevel(n); level != "privileged" {
		return errors.New(s.Text("ui.preflight.podsecurity", text.Facts{"Namespace": ns, "Level": level}))
	}
	return s.startNodes(ctx) // a server-side dry run of the helper Pod
}

// deny returns the refusal for the accesses the user lacks, if any.
func (s *Session) deny(ctx context.Context, want []kube.Access) error {
	denied, err := kube.Denied(ctx, s.Clients.Client, want)
	if err != nil || len(denied) == 0 {
		return err
	}
	return errors.New(s.Text("ui.preflight.denied", text.Facts{"Missing": kube.AccessList(denied), "First": denied[0].String()}))
}

// NodeWay is what FindNodeAccess needs to know: the same as a node lesson's
// session.
type NodeWay struct {
	Lesson    *Lesson // a lesson with Node set; its texts word the refusals
	Lang      string
	Namespace string // where helper Pods go
	Images    map[string]string
	Clients   *kube.Clients
	Timeout   time.Duration
	KindNodes kind.NodeLister // nil: kind's own provider
	// Note hears the notes a lesson shows under its header (which way, and
	// each helper Pod made).
	Note func(kind ui.Mark, text string)
}

// FindNodeAccess finds how to reach nodes exactly as a node lesson does
// before it starts (Preflight): kind's `docker exec`, else a helper Pod per
// node after a server-side dry run. It returns one line saying why there is
// none when the cluster or the user's rights give none. The caller closes a
// *kube.HelperPods it gets.
func FindNodeAccess(ctx context.Context, w NodeWay) (kube.NodeAccess, error) {
	note := w.Note
	if note == nil {
		note = func(ui.Mark, string) {}
	}
	s := &Session{Lesson: w.Lesson, Lang: w.Lang, Namespace: w.Namespace, Images: w.Images, Clients: w.Clients,
		Timeout: w.Timeout, KindNodes: w.KindNodes, Report: noteReport{note}, Now: time.Now}
	if err := s.Preflight(ctx); err != nil {
		return nil, err
	}
	if s.NodeAccess == nil { // a namespace kpod could not read: the helper Pod's dry run tells
		if err := s.startNodes(ctx); err != nil {
			return nil, err
		}
	}
	for _, n := range s.notes {
		note(n.kind, n.text)
	}
	s.started = true
	return s.NodeAccess, nil
}

// noteReport passes a session's notes on and drops the rest.
type noteReport struct {
	note func(kind ui.Mark, text string)
}

func (r noteReport) Lesson(string, string, string)         {}
func (r noteReport) Step(int, int, string, string, string) {}
func (r noteReport) Command(string)                        {}
func (r noteReport) Output(string)                         {}
func (r noteReport) Manifest(string, string)               {}
func (r noteReport) Event(Annotation)                      {}
func (r noteReport) Note(kind ui.Mark, text string)        { r.note(kind, text) }
func (r noteReport) Fact(string, any)                      {}
func (r noteReport) Waiting(string) (done func())          { return func() {} }
func (r noteReport) Done(bool, time.Duration, string)      {}
