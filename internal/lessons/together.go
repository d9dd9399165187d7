package lessons

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/cli-runtime/pkg/printers"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// WaitAll waits for every Pod in pods to meet cond, all at once, on the
// lesson's own watch, like `kubectl wait --for=COND pod/A pod/B`. It says
// "pod/X condition met" for each Pod the moment the cluster gets there, so
// Pods created together are told in the order they come, not the order
// they were named. pods may use templates.
func WaitAll(cond Cond, pods ...string) Action { return &waitAllAction{pods: pods, cond: cond} }

type waitAllAction struct {
	pods []string
	cond Cond
}

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
	return report.Output{}, s.wait().each(ctx, names, a.cond, func(pod string) { s.Report.Output(report.Quoted("pod/" + pod + " condition met")) })
}

// meets is cond's test of a Pod, which also stops at a Pod that will not
// get anywhere by itself (unless cond expects failing containers).
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

// WaitEvent waits, on a watch, for an Event of reason about the Pod called
// pod (the one the lesson made) and keeps its message as the fact as. It
// shows no command: `kubectl describe` after it shows the Event.
func WaitEvent(pod, reason string, as Fact[string]) Action {
	return do("", learns(string(as)), func(ctx context.Context, s *Session) (report.Output, error) {
		name := s.fill(pod)
		p := s.timeline.Pod(name)
		if p == nil {
			return report.Output{}, words.Err("err.lesson.nopod", text.Facts{"Pod": name})
		}
		done := s.Report.Waiting(s.line("ui.waiting", text.Facts{"Pod": name, "Cond": s.line("wait.event", text.Facts{"Reason": reason}).Text}).Text)
		ev, err := s.wait().event(ctx, name, p.UID, reason)
		done()
		if err != nil {
			return report.Output{}, err
		}
		as.Set(s, ev.Message)
		return report.Output{}, nil
	})
}

// Allocatable shows what the node a Pod runs on offers Pods, the way the
// Allocatable part of `kubectl describe node` does, and sets the fact
// node-cpu. Reading nodes needs a cluster-wide permission a student may not
// have; then kpod says so and goes on.
func Allocatable(pod string) Action { return &allocatableAction{pod: pod} }

type allocatableAction struct {
	pod string
}

// Plan of Allocatable: the fact node-cpu.
func (a *allocatableAction) Plan() (Plan, error) { return learns(string(nodeCPU)), nil }

func (a *allocatableAction) show(s *Session) string {
	return s.kubectl("describe node " + s.fill(`{{node "`+s.fill(a.pod)+`"}}`))
}

func (a *allocatableAction) run(ctx context.Context, s *Session) (report.Output, error) {
	name := s.fill(a.pod)
	p := s.timeline.Pod(name)
	if p == nil || p.Spec.NodeName == "" {
		return report.Output{}, words.Err("err.lesson.nonode", text.Facts{"Pod": name})
	}
	alloc, err := node.Allocatable(ctx, s.Env.Clients.Client, p.Spec.NodeName)
	if err != nil {
		s.Report.Note(ui.Warn, s.line("node.forbidden", text.Facts{"Node": p.Spec.NodeName, "Err": s.Env.Scene().Tell(kube.Explain(err))}))
		return report.Output{}, nil
	}
	var b strings.Builder
	w := printers.GetNewTabWriter(&b)
	fmt.Fprintln(w, "Allocatable:")
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourcePods} {
		q := alloc[name]
		v := q.String()
		if name == corev1.ResourceMemory && q.Value() >= 1<<30 {
			v += fmt.Sprintf(" (%.1fGi)", float64(q.Value())/(1<<30))
		}
		fmt.Fprintf(w, "  %s:\t%s\n", name, v)
	}
	w.Flush()
	cpu := alloc[corev1.ResourceCPU]
	nodeCPU.Set(s, cpu.String())
	return report.Quoted(b.String()).Say(s.line("describe.part", nil)).Quote("\n"), nil
}

// Patch changes an object kpod made with a JSON merge patch, like
// `kubectl patch KIND NAME -p PATCH` (kind as kpod names it: ConfigMap).
func Patch(kind, name, patch string) Action {
	return do(fmt.Sprintf("kubectl patch %s %s -p '%s'", strings.ToLower(kind), name, patch), Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		ref := objectRef{kind, name}
		if err := kube.MergePatch(ctx, s.Env.Clients.Client, s.Env.Namespace, kind, name, []byte(patch)); err != nil {
			return report.Output{}, fmt.Errorf("%s: %w", ref, err)
		}
		return report.Quoted(ref.String() + " patched"), nil
	})
}

// Plan of kubectl run: the Pod it starts.
func (a *runAction) Plan() (Plan, error) { return Plan{Starts: a.name}, nil }

// Plan of kubectl run --rm -i: the Pod it starts and waits for.
func (a *RunOnceAction) Plan() (Plan, error) {
	return Plan{Starts: a.name, Waits: []string{a.name}}, nil
}

// Plan of a wait: the Pod it waits for.
func (a *waitAction) Plan() (Plan, error) { return Plan{Waits: []string{a.pod}}, nil }

// Plan of a wait on several Pods: the Pods it waits for.
func (a *waitAllAction) Plan() (Plan, error) { return Plan{Waits: a.pods}, nil }
