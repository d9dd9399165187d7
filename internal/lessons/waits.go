package lessons

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// WaitGone waits, on a watch, until a Pod is gone, like `kubectl wait
// --for=delete pod/NAME`. pod may use templates.
func WaitGone(pod string) Action {
	return Do("kubectl wait --for=delete pod/"+pod, func(ctx context.Context, s *Session) (string, error) {
		name := s.Expand(pod)
		done := s.Report.Waiting(s.Text("ui.waiting", text.Facts{"Pod": name, "Cond": "delete"}))
		err := waitGone(ctx, s, name)
		done()
		if err != nil {
			return "", err
		}
		return "pod/" + name + " condition met", nil
	})
}

// DeleteReplaced deletes a Pod through the API, like `kubectl delete pod
// NAME`, and waits, on a watch, until a Pod of the same name with a new UID
// is Ready: a mirror Pod its kubelet publishes again. It keeps the Pod from
// before and after, and sets the facts of the UIDs and the time it took
// (see Replaced).
func DeleteReplaced(pod string, as Replaced) Action {
	return Do("kubectl delete pod "+pod, func(ctx context.Context, s *Session) (string, error) {
		name := s.Expand(pod)
		pods := s.Clients.Client.CoreV1().Pods(s.Namespace)
		before := s.timeline.pod(name) // the lesson's watch has it; else read it
		if before == nil {
			var err error
			if before, err = pods.Get(ctx, name, metav1.GetOptions{}); err != nil {
				return "", kube.Explain(err)
			}
		}
		if err := pods.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			return "", Messages.Err("err.lesson.deleting", text.Facts{"Pod": name}).Because(kube.Explain(err))
		}
		start := s.Time()
		done := s.Report.Waiting(s.Text("ui.waiting.replaced", text.Facts{"Pod": name}))
		after, err := waitReplaced(ctx, s, name, before.UID)
		done()
		if err != nil {
			return "", err
		}
		as.Before().keep(s, before)
		as.After().keep(s, after)
		as.UID().Set(s, string(before.UID))
		as.NewUID().Set(s, string(after.UID))
		as.BackSeconds().Set(s, s.Time().Sub(start).Round(time.Second).Seconds())
		return fmt.Sprintf("pod \"%s\" deleted\n", name), nil
	})
}

// Restarted waits for the kubelet to restart a container (the Pod's first
// container, as kubectl's jsonpath says).
func Restarted(container string) Cond {
	return Cond{For: "jsonpath='{.status.containerStatuses[0].restartCount}'=1", Desc: "restarted", Failing: true,
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			return c != nil && c.RestartCount >= 1, nil
		}}
}

// ReadyAgain waits for a restarted container to be running and ready.
func ReadyAgain(container string) Cond {
	return Cond{For: "condition=Ready", Desc: "Ready again",
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			return c != nil && c.RestartCount >= 1 && c.Ready && c.State.Running != nil &&
				kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
		}}
}
