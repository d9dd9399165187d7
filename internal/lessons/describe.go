package lessons

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Describe shows a Pod like `kubectl describe pod NAME`: each container's
// state, last state, restarts and probes, and the Pod's Events.
func Describe(pod string) Action { return &describeAction{pod: pod} }

type describeAction struct {
	NoPlan
	pod string
}

func (a *describeAction) Show(s *Session) string {
	return s.kubectl("describe pod " + s.Expand(a.pod))
}

func (a *describeAction) Run(ctx context.Context, s *Session) (Output, error) {
	p, events, err := s.PodWithEvents(ctx, s.Expand(a.pod))
	if err != nil {
		return Output{}, err
	}
	return Quoted(kube.Describe(p, events, s.Time())).Say(s.Line("describe.part", nil)).Quote("\n"), nil
}

// PodWithEvents fetches a Pod and the Events about it, oldest first.
func (s *Session) PodWithEvents(ctx context.Context, name string) (*corev1.Pod, []corev1.Event, error) {
	p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("pod/%s: %w", name, kube.Explain(err))
	}
	events, err := kube.PodEvents(ctx, s.Clients.Client, p)
	if err != nil {
		return nil, nil, err
	}
	return p, events, nil
}
