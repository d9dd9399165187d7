package lessons

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// LivenessProbe is the livenessProbe of p's first container.
func LivenessProbe(p *corev1.Pod) (*corev1.Probe, error) {
	if len(p.Spec.Containers) == 0 || p.Spec.Containers[0].LivenessProbe == nil {
		return nil, Messages.Err("err.lesson.noliveness", text.Facts{"Pod": p.Name})
	}
	return p.Spec.Containers[0].LivenessProbe, nil
}

// GetLiveness reads the Pod called pod in namespace and returns its livenessProbe.
func GetLiveness(ctx context.Context, c kubernetes.Interface, namespace, pod string) (*corev1.Probe, error) {
	p, err := c.CoreV1().Pods(namespace).Get(ctx, pod, metav1.GetOptions{})
	if err != nil {
		return nil, kube.Explain(err)
	}
	return LivenessProbe(p)
}

// LivenessLine shows the Liveness: line of `kubectl describe pod`.
func LivenessLine(pod string) Action {
	return Do("kubectl describe pod "+pod+" | grep Liveness:", func(ctx context.Context, s *Session) (Output, error) {
		probe, err := GetLiveness(ctx, s.Clients.Client, s.Namespace, pod)
		if err != nil {
			return Output{}, err
		}
		return Quoted("    Liveness:       " + kube.DescribeProbe(probe)), nil
	})
}

// NotReadyRunning waits for a Pod to drop out of Ready while its container
// keeps running, never restarted (a failing readinessProbe).
func NotReadyRunning(container string) Cond {
	return Cond{For: "condition=Ready=false", Desc: "not Ready, still Running",
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			if c != nil && c.RestartCount > 0 {
				return false, Messages.Err("err.lesson.readinessrestart", text.Facts{"Pod": p.Name})
			}
			return kube.Condition(p, corev1.PodReady) == corev1.ConditionFalse && p.Status.Phase == corev1.PodRunning, nil
		}}
}
