package lessons

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// Describe shows a Pod like `kubectl describe pod NAME`: each container's
// state, last state, restarts and probes, and the Pod's Events.
func Describe(pod string) Action {
	return withPodEvents("kubectl describe pod "+pod, pod, func(s *Session, p *corev1.Pod, events []corev1.Event) (report.Output, error) {
		return report.Quoted(kube.Describe(p, events, s.Env.Time())).Say(s.line("describe.part", nil)).Quote("\n"), nil
	})
}

// withPodEvents is WithPod with the Events about the Pod too, oldest
// first: what Describe and Events read, each showing them its own way.
func withPodEvents(show, pod string, fn func(*Session, *corev1.Pod, []corev1.Event) (report.Output, error)) Action {
	return do(show, Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		p, events, err := s.View().PodWithEvents(ctx, s.fill(pod))
		if err != nil {
			return report.Output{}, err
		}
		return fn(s, p, events)
	})
}

// PodWithEvents fetches a Pod and the Events about it, oldest first.
func (v View) PodWithEvents(ctx context.Context, name string) (*corev1.Pod, []corev1.Event, error) {
	s := v.s
	p, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("pod/%s: %w", name, kube.Explain(err))
	}
	events, err := kube.PodEvents(ctx, s.Env.Clients.Client, p)
	if err != nil {
		return nil, nil, err
	}
	return p, events, nil
}
