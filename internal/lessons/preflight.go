package lessons

import (
	"context"

	"github.com/kpod-dev/kpod/internal/kube/nodeway"
)

// preflight checks, before a lesson shows or makes anything, that the user
// may do what it needs, and returns one line saying what is missing and
// what to do instead. Today that is the node lessons' needs (runNodes.check).
// It makes nothing; it also finds the run's way to the nodes where it can,
// unless NodeAccess is given.
func (s *Session) preflight(ctx context.Context) error {
	if !s.Lesson.Node || s.Env.NodeAccess != nil {
		return nil
	}
	way := nodeway.New(s.Env.Clients, nodeway.Options{
		Namespace: s.Env.Namespace, Image: s.Env.Images.Image("shell"), Labels: lessonLabels(s.Lesson.Name), Timeout: s.Config.Timeout,
		KindNodes: s.Env.KindNodes, Helpers: helpers{s},
	})
	if err := s.node.check(ctx, way); err != nil {
		return &NodeRefused{Err: err}
	}
	return nil
}

// NodeRefused is the error of a node lesson that may not reach the nodes
// (RBAC, Pod Security, a cluster that forbids privileged Pods): Err says why.
type NodeRefused struct{ Err error }

func (e *NodeRefused) Error() string { return e.Err.Error() }

func (e *NodeRefused) Unwrap() error { return e.Err }
