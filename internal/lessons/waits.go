package lessons

import (
	"context"
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
// timeout. One rule: a wait waits on the run's timeline, the watch that
// tells the run's Pods as they change, and on nothing else. The timeline
// sees every Pod of the namespace and ends a wait after the lines of the
// change that ended it, so the next step never shows above them. A wait
// asked of no timeline, or of a stopped one (after the steps), ends at
// once with timeline.ErrNotWatching: the cleanup, not part of the
// lesson's story, waits as kube does (kube.DeleteAll, kube.WaitGone). A
// wait for a condition (until, each) says what it waits for while it
// lasts.
type waits struct {
	timeline *timeline.Watch
	timeout  time.Duration
	lang     string
	report   report.Reporter
	text     func(key string, local text.Facts) string
}

// wait is the run's waits.
func (s *Session) wait() waits {
	return waits{timeline: s.timeline, timeout: s.Config.Timeout, lang: s.Env.Lang, report: s.Report,
		text: func(key string, f text.Facts) string { return s.line(key, f).Text }}
}

// within waits, on the timeline, within timeout. When that time runs out
// it returns late's error, told what the wait got last; when ctx, the
// run, ends, the run's error.
func within[T any](ctx context.Context, timeout time.Duration, wait func(context.Context) (T, error), late func(last T) error) (T, error) {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := wait(wctx)
	switch {
	case err == nil:
		return v, nil
	case ctx.Err() != nil:
		return v, ctx.Err()
	case wctx.Err() != nil:
		return v, late(v)
	}
	return v, err
}

// until waits for the Pod called pod to meet cond.
func (w waits) until(ctx context.Context, pod string, cond Cond) (*corev1.Pod, error) {
	defer w.waiting(pod, cond)()
	return w.podMeets(ctx, pod, cond)
}

// each waits for each Pod in names to meet cond, at the same time, and
// calls each with a Pod's name as it meets cond. It stops at the first
// error.
func (w waits) each(ctx context.Context, names []string, cond Cond, each func(pod string)) error {
	defer w.waiting(strings.Join(names, ", pod/"), cond)()
	ctx, cancel := context.WithCancel(ctx) // the others stop at the first error
	defer cancel()
	type result struct {
		pod string
		err error
	}
	results := make(chan result, len(names))
	for _, name := range names {
		go func() {
			_, err := w.podMeets(ctx, name, cond)
			results <- result{name, err}
		}()
	}
	for range names {
		r := <-results
		if r.err != nil {
			return r.err
		}
		each(r.pod)
	}
	return nil
}

// podMeets is until without its word of waiting.
func (w waits) podMeets(ctx context.Context, pod string, cond Cond) (*corev1.Pod, error) {
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.Until(ctx, pod, meets(cond)) },
		func(last *corev1.Pod) error { return w.notMet(pod, last, cond) })
}

// waiting says that the run waits for pods to meet cond, until the done
// it returns is called.
func (w waits) waiting(pods string, cond Cond) (done func()) {
	return w.report.Waiting(w.text("ui.waiting", text.Facts{"Pod": pods, "Cond": cond.says(w.text)}))
}

// notMet is the error of a wait for pod to meet cond that timed out, with
// p the Pod as last seen (nil: not created).
func (w waits) notMet(pod string, p *corev1.Pod, cond Cond) error {
	status := "not created"
	if p != nil {
		status = kube.PodStatus(p)
	}
	return kube.Timeout(words.Err("err.lesson.wait", text.Facts{"Pod": pod, "Cond": cond.says(w.text), "Status": status}), w.timeout)
}

// gone waits until the Pod called name is gone.
func (w waits) gone(ctx context.Context, name string) error {
	_, err := within(ctx, w.timeout,
		func(ctx context.Context) (any, error) { return nil, w.timeline.UntilGone(ctx, name) },
		func(any) error { return kube.ForGone.TimedOut(text.Facts{"Pod": name}, w.timeout) })
	return err
}

// replaced waits until a Ready Pod called name with a UID other than old
// is there.
func (w waits) replaced(ctx context.Context, name string, old types.UID) (*corev1.Pod, error) {
	ready := func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue }
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.UntilReplaced(ctx, name, old, ready) },
		func(*corev1.Pod) error { return kube.ForReplaced.TimedOut(text.Facts{"Pod": name}, w.timeout) })
}

// event waits for an Event of reason about the Pod called pod with UID uid.
func (w waits) event(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Event, error) { return w.timeline.UntilEvent(ctx, pod, uid, reason) },
		func(*corev1.Event) error {
			return kube.ForEvent.TimedOut(text.Facts{"Pod": pod, "Reason": reason}, w.timeout)
		})
}

// helper waits, within timeout, for a helper Pod (which carries the
// lesson's labels) to meet cond.
func (w waits) helper(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return within(ctx, timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.Until(ctx, name, cond) },
		func(*corev1.Pod) error { return kube.ForPod.TimedOut(text.Facts{"Pod": name}, timeout) })
}

// WaitGone waits, on the run's watch, until a Pod is gone, like `kubectl wait
// --for=delete pod/NAME`. pod may use templates.
func WaitGone(pod string) Action {
	return do("kubectl wait --for=delete pod/"+pod, Plan{Waits: []string{pod}}, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
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
// NAME`, and waits, on the run's watch, until a Pod of the same name with a new UID
// is Ready: a mirror Pod its kubelet publishes again. It keeps the Pod from
// before and after, and sets the facts of the UIDs and the time it took
// (see Replaced).
func DeleteReplaced(pod string, as Replaced) Action {
	plan := learns(string(as.Before()), string(as.After()), string(as.UID()), string(as.NewUID()), string(as.BackSeconds()))
	plan.Deletes, plan.Waits = pod, []string{pod}
	return do("kubectl delete pod "+pod, plan, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
		pods := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace)
		before := s.timeline.Pod(name) // the lesson's watch has it; else read it
		if before == nil {
			var err error
			if before, err = pods.Get(ctx, name, metav1.GetOptions{}); err != nil {
				return report.Output{}, kube.Explain(err)
			}
		}
		if err := pods.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			return report.Output{}, words.Err("err.lesson.deleting", text.Facts{"Pod": name}).Because(kube.Explain(err))
		}
		start := s.Env.Time()
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
		as.BackSeconds().Set(s, s.Env.Time().Sub(start).Round(time.Second).Seconds())
		return report.Quoted(fmt.Sprintf("pod \"%s\" deleted\n", name)), nil
	})
}
