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
