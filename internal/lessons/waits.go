package lessons

import (
	"context"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// This file holds a lesson's waits: the conditions a Pod can be waited
// for (Cond), the wait actions a lesson's steps use (Wait, WaitAll,
// WaitGone, WaitEvent, WaitEndpoint, DeleteReplaced), and the waits they
// are built on (waits).

// Cond is something to wait for on a Pod.
type Cond struct {
	For string // kubectl wait's --for value that waits for the same ("" for no command)
	// Key is the message that says what it waits for, in the lesson's
	// texts or else the engine's (wait.ready), filled from Facts.
	Key   string
	Facts text.Facts
	Fn    func(*corev1.Pod) (bool, error)
	// Failing is true when the wait expects containers to fail, so image
	// errors are not reported as the reason it stopped.
	Failing bool
}

// Conds lists the conditions that the Wait and WaitAll actions among
// actions wait for. A test uses it to check that their keys have texts.
func Conds(actions []Action) []Cond {
	var out []Cond
	for _, a := range actions {
		if i, ok := a.(ifLearned); ok {
			a = i.Action
		}
		switch a := a.(type) {
		case *waitAction:
			out = append(out, a.cond)
		case *waitAllAction:
			out = append(out, a.cond)
		}
	}
	return out
}

// Conditions lessons wait for.
var (
	Ready = Cond{For: "condition=Ready", Key: "wait.ready", Fn: func(p *corev1.Pod) (bool, error) {
		return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
	}}
	// finished is true once the Pod has Succeeded or Failed. No single
	// kubectl wait command says that, so it shows no command (RunOnce
	// shows `kubectl run --rm -i` instead).
	finished = Cond{Key: "wait.finished", Fn: func(p *corev1.Pod) (bool, error) {
		return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed, nil
	}}
)

// meets turns cond into the test a wait runs on each version of a Pod. It
// also ends the wait with an error when the Pod is stuck (see stuck),
// unless cond expects its containers to fail.
func meets(cond Cond) func(*corev1.Pod) (bool, error) {
	return func(p *corev1.Pod) (bool, error) {
		if ok, err := cond.Fn(p); ok || err != nil {
			return ok, err
		}
		if why := stuck(p); why != nil && !cond.Failing {
			return false, why
		}
		return false, nil
	}
}

// stuck returns why a Pod cannot start without help (its image cannot be
// pulled, or a container cannot be created), or nil.
func stuck(p *corev1.Pod) error {
	for _, c := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if w := c.State.Waiting; w != nil {
			switch w.Reason {
			case "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull":
				return words.Err("err.lesson.image", text.Facts{"Pod": p.Name, "Container": c.Name, "Image": c.Image, "Reason": w.Reason})
			case "CreateContainerConfigError", "CreateContainerError":
				return words.Err("err.lesson.create", text.Facts{"Pod": p.Name, "Container": c.Name, "Message": w.Message})
			}
		}
	}
	return nil
}

// Wait waits for a Pod to meet cond, like `kubectl wait --for=COND
// pod/NAME`. pod may use templates ({{fact "node"}}).
func Wait(pod string, cond Cond) Action { return &waitAction{pod: pod, cond: cond} }

type waitAction struct {
	pod  string
	cond Cond
}

// Plan of a wait: the Pod it waits for.
func (a *waitAction) Plan() (Plan, error) { return Plan{Waits: []string{a.pod}}, nil }

func (a *waitAction) show(s *Session) string {
	if a.cond.For == "" {
		return ""
	}
	return s.kubectl(fmt.Sprintf("wait --for=%s pod/%s", a.cond.For, s.fill(a.pod)))
}

func (a *waitAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	_, err := s.wait().until(ctx, pod, a.cond)
	if err != nil {
		return report.Output{}, err
	}
	return met(pod), nil
}

// met is what kubectl wait prints when a Pod meets its condition.
func met(pod string) report.Output { return report.Quoted("pod/" + pod + " condition met") }

// WaitAll waits for every Pod in pods to meet cond, all at once, like
// `kubectl wait --for=COND pod/A pod/B`. It prints "pod/X condition met"
// for each Pod as soon as that Pod gets there, so Pods created together
// are listed in the order they became ready, not the order they were
// named. pods may use templates.
func WaitAll(cond Cond, pods ...string) Action { return &waitAllAction{pods: pods, cond: cond} }

type waitAllAction struct {
	pods []string
	cond Cond
}

// Plan of a wait on several Pods: the Pods it waits for.
func (a *waitAllAction) Plan() (Plan, error) { return Plan{Waits: a.pods}, nil }

func (a *waitAllAction) show(s *Session) string {
	refs := make([]string, len(a.pods))
	for i, p := range a.pods {
		refs[i] = "pod/" + s.fill(p)
	}
	return s.kubectl(fmt.Sprintf("wait --for=%s %s", a.cond.For, strings.Join(refs, " ")))
}

func (a *waitAllAction) run(ctx context.Context, s *Session) (report.Output, error) {
	names := make([]string, len(a.pods))
	for i, p := range a.pods {
		names[i] = s.fill(p)
	}
	return report.Output{}, s.wait().each(ctx, names, a.cond, func(pod string) { s.Report.Output(met(pod)) })
}

// WaitGone waits until a Pod is gone, like `kubectl wait --for=delete
// pod/NAME`. pod may use templates.
func WaitGone(pod string) Action {
	return do("kubectl wait --for=delete pod/"+pod, Plan{Waits: []string{pod}}, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
		if err := s.wait().gone(ctx, name); err != nil {
			return report.Output{}, err
		}
		return met(name), nil
	})
}

// WaitEvent waits for an Event with the given reason about the Pod called
// pod (one the lesson made), and keeps the Event's message as the fact
// as. It shows no command: the `kubectl describe` after it shows the
// Event.
func WaitEvent(pod, reason string, as Fact[string]) Action {
	return do("", learns(string(as)), func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
		p := s.timeline.Pod(name)
		if p == nil {
			return report.Output{}, words.Err("err.lesson.nopod", text.Facts{"Pod": name})
		}
		ev, err := s.wait().event(ctx, name, p.UID, reason)
		if err != nil {
			return report.Output{}, err
		}
		as.Set(s, ev.Message)
		return report.Output{}, nil
	})
}

// WaitEndpoint waits until the Service's EndpointSlices list the Pod's
// address as ready (or, with ready false, as not ready), prints them, and
// sets the fact "endpoint.ready.true" (or ".false") to the address.
func WaitEndpoint(service, pod string, ready bool) Action {
	return &endpointAction{service: service, pod: pod, ready: ready}
}

type endpointAction struct {
	service, pod string
	ready        bool
}

// fact is the fact the action sets: endpoint.ready.true or .false.
func (a *endpointAction) fact() Fact[string] {
	return Fact[string](fmt.Sprintf("endpoint.ready.%v", a.ready))
}

// Plan learns the fact.
func (a *endpointAction) Plan() (Plan, error) { return learns(string(a.fact())), nil }

// sliceColumns prints one line per endpoint: its address and whether it
// is ready.
const sliceColumns = `{range .items[*].endpoints[*]}{.addresses[0]}{"  ready="}{.conditions.ready}{"\n"}{end}`

func (a *endpointAction) show(s *Session) string {
	return s.kubectl("get endpointslices -l " + discoveryv1.LabelServiceName + "=" + a.service + " -o jsonpath='" + sliceColumns + "'")
}

func (a *endpointAction) run(ctx context.Context, s *Session) (report.Output, error) {
	name := s.fill(a.pod)
	p := s.timeline.Pod(name)
	if p == nil || p.Status.PodIP == "" {
		return report.Output{}, fmt.Errorf("pod/%s has no IP", name)
	}
	ip := p.Status.PodIP
	w := s.wait()
	defer w.say("ui.waiting", text.Facts{"Pod": name, "Cond": w.text("wait.endpointslice", nil)})()
	wctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	lines, err := kube.WaitEndpoint(wctx, s.Env.Clients.Client, s.Env.Namespace, a.service, ip, a.ready)
	if err != nil {
		if ctx.Err() != nil {
			return report.Output{}, ctx.Err()
		}
		return report.Output{}, words.Err("err.lesson.endpoints", text.Facts{"Service": a.service, "IP": ip, "Ready": a.ready, "Wait": w.timeout}).Because(kube.Explain(err))
	}
	a.fact().Set(s, ip)
	return report.Quoted(strings.Join(lines, "\n") + "\n"), nil
}

// DeleteReplaced deletes a Pod through the API, like `kubectl delete pod
// NAME`, and waits until a Pod of the same name with a new UID is Ready:
// the mirror Pod that the node's kubelet creates again for a static Pod.
// It keeps the Pod from before and after, and sets the facts of both UIDs
// and how long it took (see Replaced).
func DeleteReplaced(pod string, as Replaced) Action {
	plan := learns(string(as.Before()), string(as.After()), string(as.UID()), string(as.NewUID()), string(as.BackSeconds()))
	plan.Deletes, plan.Waits = pod, []string{pod}
	return do("kubectl delete pod "+pod, plan, func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
		pods := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace)
		before := s.timeline.Pod(name) // the timeline usually has it; if not, read it
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
		after, err := s.wait().replaced(ctx, name, before.UID)
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

// waits is what a run's waits need: the timeline they watch, how long
// each may take, where to say what they wait for, and the run's texts.
//
// A wait during the lesson's steps watches the run's timeline and
// nothing else. The timeline sees every Pod of the namespace, and it ends
// a wait only after it has printed the change that ended it, so the next
// step never prints above those lines. Without a timeline, or once it has
// stopped (cleanup runs after it stops), a wait fails at once with
// timeline.ErrNotWatching; cleanup waits with kube.DeleteAll and
// kube.WaitGone instead.
type waits struct {
	timeline *timeline.Watch
	timeout  time.Duration
	report   report.Reporter
	text     func(key string, local text.Facts) string
}

// wait returns the run's waits.
func (s *Session) wait() waits {
	return waits{timeline: s.timeline, timeout: s.Config.Timeout, report: s.Report,
		text: func(key string, f text.Facts) string { return s.line(key, f).Text }}
}

// say shows what a wait is waiting for (a spinner on a terminal) until
// the returned done is called. Every wait says itself through say, with
// a key of the ui.waiting family: ui.waiting ("waiting for pod/web:
// Ready", with facts Pod and Cond), ui.waiting.replaced or ui.waiting.log.
func (w waits) say(key string, facts text.Facts) (done func()) {
	return w.report.Waiting(w.text(key, facts))
}

// within runs wait with timeout as its deadline. If that time runs out,
// it returns late's error, given the last value wait returned; if ctx
// (the run) ends first, it returns ctx's error.
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

// until waits for the Pod called pod to meet cond, and returns the Pod
// as it was then.
func (w waits) until(ctx context.Context, pod string, cond Cond) (*corev1.Pod, error) {
	defer w.say("ui.waiting", text.Facts{"Pod": pod, "Cond": w.text(cond.Key, cond.Facts)})()
	return w.podMeets(ctx, pod, cond)
}

// each waits for every Pod in names to meet cond, all at the same time,
// and calls each with a Pod's name as soon as that Pod meets cond. It
// stops at the first error.
func (w waits) each(ctx context.Context, names []string, cond Cond, each func(pod string)) error {
	defer w.say("ui.waiting", text.Facts{"Pod": strings.Join(names, ", pod/"), "Cond": w.text(cond.Key, cond.Facts)})()
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

// podMeets waits for one Pod to meet cond, without saying so: until and
// each say it once for all their Pods.
func (w waits) podMeets(ctx context.Context, pod string, cond Cond) (*corev1.Pod, error) {
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.Until(ctx, pod, meets(cond)) },
		func(last *corev1.Pod) error { return w.notMet(pod, last, cond) })
}

// notMet is the error of a wait for pod to meet cond that ran out of
// time; p is the Pod as last seen (nil if it was never created).
func (w waits) notMet(pod string, p *corev1.Pod, cond Cond) error {
	status := "not created"
	if p != nil {
		status = kube.PodStatus(p)
	}
	return kube.Timeout(words.Err("err.lesson.wait", text.Facts{"Pod": pod, "Cond": w.text(cond.Key, cond.Facts), "Status": status}), w.timeout)
}

// gone waits until the Pod called name is gone.
func (w waits) gone(ctx context.Context, name string) error {
	defer w.say("ui.waiting", text.Facts{"Pod": name, "Cond": w.text("wait.delete", nil)})()
	_, err := within(ctx, w.timeout,
		func(ctx context.Context) (any, error) { return nil, w.timeline.UntilGone(ctx, name) },
		func(any) error { return kube.ForGone.TimedOut(text.Facts{"Pod": name}, w.timeout) })
	return err
}

// replaced waits until a Ready Pod called name is there with a UID other
// than old, and returns it.
func (w waits) replaced(ctx context.Context, name string, old types.UID) (*corev1.Pod, error) {
	defer w.say("ui.waiting.replaced", text.Facts{"Pod": name})()
	ready := func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue }
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.UntilReplaced(ctx, name, old, ready) },
		func(*corev1.Pod) error {
			return kube.Timeout(words.Err("err.lesson.notreplaced", text.Facts{"Pod": name}), w.timeout)
		})
}

// event waits for an Event with the given reason about the Pod called
// pod with UID uid, and returns it.
func (w waits) event(ctx context.Context, pod string, uid types.UID, reason string) (*corev1.Event, error) {
	defer w.say("ui.waiting", text.Facts{"Pod": pod, "Cond": w.text("wait.event", text.Facts{"Reason": reason})})()
	return within(ctx, w.timeout,
		func(ctx context.Context) (*corev1.Event, error) { return w.timeline.UntilEvent(ctx, pod, uid, reason) },
		func(*corev1.Event) error {
			return kube.Timeout(words.Err("err.lesson.noevent", text.Facts{"Pod": pod, "Reason": reason}), w.timeout)
		})
}

// helper waits, within timeout, for one of kpod's helper Pods (which
// carry the lesson's labels, so the timeline sees them) to meet cond. It
// says nothing: the helper is kpod's, not part of the lesson.
func (w waits) helper(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return within(ctx, timeout,
		func(ctx context.Context) (*corev1.Pod, error) { return w.timeline.Until(ctx, name, cond) },
		func(*corev1.Pod) error { return kube.ForPod.TimedOut(text.Facts{"Pod": name}, timeout) })
}
