package lessons

import (
	"context"
	"errors"
	"fmt"

	"github.com/kpod-dev/kpod/pkg/kube"
)

// Node returns a helper on the node, made the first time it is asked for
// and deleted with the lesson's other objects. kpod says before it makes one.
func (s *Session) Node(ctx context.Context, node string) (*kube.NodeHelper, error) {
	s.mu.Lock()
	if h, ok := s.nodes[node]; ok {
		s.mu.Unlock()
		return h, nil
	}
	s.mu.Unlock()
	h := &kube.NodeHelper{
		Client: s.Clients.Client, Exec: s.Clients.Exec, Namespace: s.Namespace,
		Node: node, Image: s.Image("shell"), Labels: s.Labels(),
	}
	s.Report.Note(NoteInfo, s.T("ui.node.helper", Vars{Pod: h.Name(), Node: node}))
	if _, err := kube.Get(ctx, s.Clients.Client, s.Namespace, "Pod", h.Name()); err == nil {
		s.Report.Note(NoteWarn, s.T("ui.leftover", Vars{Message: "pod/" + h.Name()}))
		if err := kube.Delete(ctx, s.Clients.Client, s.Namespace, "Pod", h.Name(), s.Timeout); err != nil {
			return nil, err
		}
	}
	s.Made("Pod", h.Name())
	if err := h.Create(ctx); err != nil {
		s.Forget("Pod", h.Name())
		if errors.Is(err, kube.ErrNoNodeAccess) {
			s.Report.Note(NoteWarn, s.T("ui.node.refused", Vars{Node: node}))
		}
		return nil, err
	}
	if _, err := s.WaitFor(ctx, h.Name(), Running); err != nil {
		return nil, fmt.Errorf("node helper on %s: %w", node, err)
	}
	s.mu.Lock()
	if s.nodes == nil {
		s.nodes = map[string]*kube.NodeHelper{}
	}
	s.nodes[node] = h
	s.mu.Unlock()
	return h, nil
}
