package lessons

import (
	"context"
)

// Preflight checks, before a lesson shows or makes anything, that the user
// may do what it needs, and returns one line saying what is missing and
// what to do instead. Today that is the node lessons' needs (Nodes.Preflight).
// It makes nothing; it also picks the session's NodeAccess.
func (s *Session) Preflight(ctx context.Context) error {
	if !s.Lesson.Node || s.NodeAccess != nil {
		return nil
	}
	err := s.nodeWay().Preflight(ctx)
	s.NodeAccess = s.node.Access
	return err
}
