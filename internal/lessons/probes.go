package lessons

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// ProbeOf is p's probe of a kind (kube.ContainerProbe), or the error that
// p has none, for a lesson that needs it.
func ProbeOf(p *corev1.Pod, kind string) (*corev1.Probe, error) {
	if _, probe := kube.ContainerProbe(p, kind); probe != nil {
		return probe, nil
	}
	return nil, Words.Err("err.lesson.noprobe", text.Facts{"Pod": p.Name, "Field": kube.ProbeField(kind)})
}

// ProbeLine shows the Liveness:, Readiness: or Startup: line (kind) of
// `kubectl describe pod`.
func ProbeLine(pod, kind string) Action {
	return WithPod("kubectl describe pod "+pod+" | grep "+kind+":", pod, func(_ View, p *corev1.Pod) (report.Output, error) {
		probe, err := ProbeOf(p, kind)
		if err != nil {
			return report.Output{}, err
		}
		return report.Quoted(fmt.Sprintf("    %-16s%s", kind+":", kube.DescribeProbe(probe))), nil
	})
}

// NotReadyRunning waits for a Pod to drop out of Ready while its container
// keeps running, never restarted (a failing readinessProbe).
func NotReadyRunning(container string) Cond {
	return Cond{For: "condition=Ready=false", Desc: "not Ready, still Running",
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			if c != nil && c.RestartCount > 0 {
				return false, Words.Err("err.lesson.readinessrestart", text.Facts{"Pod": p.Name})
			}
			return kube.Condition(p, corev1.PodReady) == corev1.ConditionFalse && p.Status.Phase == corev1.PodRunning, nil
		}}
}
