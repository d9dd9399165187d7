package lessons

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// WaitGone waits, on a watch, until a Pod is gone, like `kubectl wait
// --for=delete pod/NAME`. pod may use templates.
func WaitGone(pod string) Action {
	return Do("kubectl wait --for=delete pod/"+pod, func(ctx context.Context, s *Session) (string, error) {
		name := s.Expand(pod)
		done := s.Report.Waiting(s.Text("ui.waiting", text.Facts{"Pod": name, "Message": "delete"}))
		err := s.waitGone(ctx, name)
		done()
		if err != nil {
			return "", err
		}
		return "pod/" + name + " condition met", nil
	})
}

// waitGone waits until the Pod called name is gone: on the lesson's own
// watch when it follows that Pod, else on a watch of its own.
func (s *Session) waitGone(ctx context.Context, name string) error {
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, err := s.timeline.UntilGone(wctx, name)
	if !ok {
		return kube.WaitGone(ctx, s.Clients.Client, s.Namespace, name, s.timeout())
	}
	if err != nil && wctx.Err() != nil {
		return kube.StillThere(name, s.timeout())
	}
	return err
}

// waitReplaced waits until a Ready Pod called name with a UID other than
// old is there: on the lesson's own watch when it follows that Pod, else on
// a watch of its own.
func (s *Session) waitReplaced(ctx context.Context, name string, old types.UID) (*corev1.Pod, error) {
	ready := func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue }
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, p, err := s.timeline.UntilReplaced(wctx, name, old, ready)
	if !ok {
		return kube.WaitReplaced(ctx, s.Clients.Client, s.Namespace, name, old, s.timeout(), ready)
	}
	if err != nil && wctx.Err() != nil {
		return nil, kube.NotReplaced(name, s.timeout())
	}
	return p, err
}

// waitEvent waits for an Event of reason about the Pod called pod with UID
// uid: on the lesson's own watch, else on a watch of its own.
func (s *Session) waitEvent(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	wctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	ok, ev, err := s.timeline.UntilEvent(wctx, pod, uid, reason)
	if !ok {
		return kube.WaitEvent(ctx, s.Clients.Client, s.Namespace, pod, uid, reason, s.timeout())
	}
	if err != nil && ctx.Err() == nil {
		return nil, kube.NoEvent(pod, reason, s.timeout())
	}
	return ev, err
}

// DeleteReplaced deletes a Pod through the API, like `kubectl delete pod
// NAME`, and waits, on a watch, until a Pod of the same name with a new UID
// is Ready: a mirror Pod its kubelet publishes again. It keeps the Pod from
// before and after under "AS.before" and "AS.after" and sets the facts
// "AS.uid", "AS.newUID" and "AS.back.seconds".
func DeleteReplaced(pod, as string) Action {
	return Do("kubectl delete pod "+pod, func(ctx context.Context, s *Session) (string, error) {
		name := s.Expand(pod)
		pods := s.Clients.Client.CoreV1().Pods(s.Namespace)
		before := s.timeline.Pod(name) // the lesson's watch has it; else read it
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
		after, err := s.waitReplaced(ctx, name, before.UID)
		done()
		if err != nil {
			return "", err
		}
		s.learned.Remember(as+".before", before)
		s.learned.Remember(as+".after", after)
		s.Fact(as+".uid", string(before.UID))
		s.Fact(as+".newUID", string(after.UID))
		s.Fact(as+".back.seconds", s.Time().Sub(start).Round(time.Second).Seconds())
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
