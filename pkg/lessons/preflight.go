package lessons

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/pkg/kube"
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
		return errors.New(s.Text("ui.preflight.podsecurity", Facts{"Namespace": ns, "Level": level}))
	}
	return s.startNodes(ctx) // a server-side dry run of the helper Pod
}

// deny returns the refusal for the accesses the user lacks, if any.
func (s *Session) deny(ctx context.Context, want []kube.Access) error {
	denied, err := kube.Denied(ctx, s.Clients.Client, want)
	if err != nil || len(denied) == 0 {
		return err
	}
	return errors.New(s.Text("ui.preflight.denied", Facts{"Missing": kube.AccessList(denied), "First": denied[0].String()}))
}
