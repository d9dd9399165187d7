package lessons

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// waits are a run's waits for its Pods and their Events, each within
// timeout. One rule: a wait asks Following first and waits on the lesson's
// own watch (the timeline) while it follows the lesson's Pods, else on a
// watch of its own, as it does for a Pod the timeline has not seen
// (timeline.ErrNotSeen: just made, or not the lesson's). A wait for a
// condition (until, each) says what it waits for while it lasts.
type waits struct {
	timeline  *timeline.Watch
	clients   *kube.Clients
	namespace string
	timeout   time.Duration
	lang      string
	report    report.Reporter
	text      func(key string, local text.Facts) string
}

// wait is the run's waits.
func (s *Session) wait() waits {
	return waits{timeline: s.timeline, clients: s.Clients, namespace: s.Namespace, timeout: s.timeout(),
		lang: s.Lang, report: s.Report, text: func(key string, f text.Facts) string { return s.line(key, f).Text }}
}

// timedOut reports whether err ended a wait because the wait's own time,
// wctx (made from ctx), ran out: not because ctx, the run, ended.
func timedOut(ctx, wctx context.Context, err error) bool {
	return err != nil && ctx.Err() == nil && wctx.Err() != nil
}

// until waits for the Pod called pod to meet cond. It has no watch of its
// own: it runs only in a lesson's steps, while the timeline follows (else
// it returns timeline.ErrNotFollowing).
func (w waits) until(ctx context.Context, pod string, cond Cond) (*corev1.Pod, error) {
	defer w.waiting(pod, cond)()
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	p, err := w.timeline.Until(wctx, pod, meets(cond))
	if timedOut(ctx, wctx, err) {
		return p, w.notMet(pod, p, cond)
	}
	return p, err
}

// each waits for each Pod in names to meet cond, at the same time, and
// calls each with a Pod's name as it meets cond. It stops at the first
// error. Like until, it waits on the timeline only.
func (w waits) each(ctx context.Context, names []string, cond Cond, each func(pod string)) error {
	defer w.waiting(strings.Join(names, ", pod/"), cond)()
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	type result struct {
		pod string
		p   *corev1.Pod
		err error
	}
	results := make(chan result, len(names))
	for _, name := range names {
		go func() {
			p, err := w.timeline.Until(wctx, name, meets(cond))
			results <- result{name, p, err}
		}()
	}
	for range names {
		r := <-results
		if timedOut(ctx, wctx, r.err) {
			return w.notMet(r.pod, r.p, cond)
		}
		if r.err != nil {
			return r.err
		}
		each(r.pod)
	}
	return nil
}

// waiting says that the run waits for pods to meet cond, until the done
// it returns is called.
func (w waits) waiting(pods string, cond Cond) (done func()) {
	return w.report.Waiting(w.text("ui.waiting", text.Facts{"Pod": pods, "Cond": waitDesc(w.lang, cond.Desc)}))
}

// notMet is the error of a wait for pod to meet cond that timed out, with
// p the Pod as last seen (nil: not created).
func (w waits) notMet(pod string, p *corev1.Pod, cond Cond) error {
	status := "not created"
	if p != nil {
		status = kube.PodStatus(p)
	}
	return Words.Err("err.lesson.wait", text.Facts{"Pod": pod, "Cond": waitDesc(w.lang, cond.Desc), "Wait": w.timeout, "Status": status})
}

// gone waits until the Pod called name is gone.
func (w waits) gone(ctx context.Context, name string) error {
	if !w.timeline.Following() {
		return kube.WaitGone(ctx, w.clients.Client, w.namespace, name, w.timeout)
	}
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	err := w.timeline.UntilGone(wctx, name)
	if errors.Is(err, timeline.ErrNotSeen) {
		return kube.WaitGone(ctx, w.clients.Client, w.namespace, name, w.timeout)
	}
	if timedOut(ctx, wctx, err) {
		return kube.StillThere(name, w.timeout)
	}
	return err
}

// replaced waits until a Ready Pod called name with a UID other than old
// is there.
func (w waits) replaced(ctx context.Context, name string, old types.UID) (*corev1.Pod, error) {
	ready := func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue }
	if !w.timeline.Following() {
		return kube.WaitReplaced(ctx, w.clients.Client, w.namespace, name, old, w.timeout, ready)
	}
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	p, err := w.timeline.UntilReplaced(wctx, name, old, ready)
	if errors.Is(err, timeline.ErrNotSeen) {
		return kube.WaitReplaced(ctx, w.clients.Client, w.namespace, name, old, w.timeout, ready)
	}
	if timedOut(ctx, wctx, err) {
		return nil, kube.NotReplaced(name, w.timeout)
	}
	return p, err
}

// event waits for an Event of reason about the Pod called pod with UID uid.
func (w waits) event(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	if !w.timeline.Following() {
		return kube.WaitEvent(ctx, w.clients.Client, w.namespace, pod, uid, reason, w.timeout)
	}
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	ev, err := w.timeline.UntilEvent(wctx, pod, uid, reason)
	if timedOut(ctx, wctx, err) {
		return nil, kube.NoEvent(pod, reason, w.timeout)
	}
	return ev, err
}

// helper waits, within timeout, for a helper Pod (which carries the
// lesson's labels) to meet cond.
func (w waits) helper(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	if !w.timeline.Following() {
		return kube.WaitPod(ctx, w.clients.Client, w.namespace, name, timeout, cond)
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p, err := w.timeline.Until(wctx, name, cond)
	if timedOut(ctx, wctx, err) {
		return p, kube.TimedOut(name, timeout)
	}
	return p, err
}

// WaitGone waits, on a watch, until a Pod is gone, like `kubectl wait
// --for=delete pod/NAME`. pod may use templates.
func WaitGone(pod string) Action {
	return do("kubectl wait --for=delete pod/"+pod, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.expand(pod)
		done := s.Report.Waiting(s.line("ui.waiting", text.Facts{"Pod": name, "Cond": s.line("wait.delete", nil).Text}).Text)
		err := s.wait().gone(ctx, name)
		done()
		if err != nil {
			return report.Output{}, err
		}
		return report.Quoted("pod/" + name + " condition met"), nil
	})
}

// DeleteReplaced deletes a Pod through the API, like `kubectl delete pod
// NAME`, and waits, on a watch, until a Pod of the same name with a new UID
// is Ready: a mirror Pod its kubelet publishes again. It keeps the Pod from
// before and after, and sets the facts of the UIDs and the time it took
// (see Replaced).
func DeleteReplaced(pod string, as Replaced) Action {
	return do("kubectl delete pod "+pod, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.expand(pod)
		pods := s.Clients.Client.CoreV1().Pods(s.Namespace)
		before := s.timeline.Pod(name) // the lesson's watch has it; else read it
		if before == nil {
			var err error
			if before, err = pods.Get(ctx, name, metav1.GetOptions{}); err != nil {
				return report.Output{}, kube.Explain(err)
			}
		}
		if err := pods.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			return report.Output{}, Words.Err("err.lesson.deleting", text.Facts{"Pod": name}).Because(kube.Explain(err))
		}
		start := s.Time()
		done := s.Report.Waiting(s.line("ui.waiting.replaced", text.Facts{"Pod": name}).Text)
		after, err := s.wait().replaced(ctx, name, before.UID)
		done()
		if err != nil {
			return report.Output{}, err
		}
		as.Before().keep(s, before)
		as.After().keep(s, after)
		as.UID().Set(s, string(before.UID))
		as.NewUID().Set(s, string(after.UID))
		as.BackSeconds().Set(s, s.Time().Sub(start).Round(time.Second).Seconds())
		return report.Quoted(fmt.Sprintf("pod \"%s\" deleted\n", name)), nil
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
