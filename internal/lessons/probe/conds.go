package probe

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// probeOf is p's probe of a kind (kube.ContainerProbe), or the error that
// p has none.
func probeOf(p *corev1.Pod, kind string) (*corev1.Probe, error) {
	if _, probe := kube.ContainerProbe(p, kind); probe != nil {
		return probe, nil
	}
	return nil, words.Err("err.probe.noprobe", text.Facts{"Pod": p.Name, "Field": kube.ProbeField(kind)})
}

// probeLine shows the Liveness:, Readiness: or Startup: line (kind) of
// `kubectl describe pod`.
func probeLine(pod, kind string) lessons.Action {
	return lessons.WithPod("kubectl describe pod "+pod+" | grep "+kind+":", pod, func(_ lessons.View, p *corev1.Pod) (report.Output, error) {
		probe, err := probeOf(p, kind)
		if err != nil {
			return report.Output{}, err
		}
		return report.Quoted(fmt.Sprintf("    %-16s%s", kind+":", kube.DescribeProbe(probe))), nil
	})
}

// notReadyRunning waits for a Pod to drop out of Ready while its container
// keeps running, never restarted (a failing readinessProbe).
func notReadyRunning(container string) lessons.Cond {
	return lessons.Cond{For: "condition=Ready=false", Key: "wait.not-ready-still-running",
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			if c != nil && c.RestartCount > 0 {
				return false, words.Err("err.probe.readinessrestart", text.Facts{"Pod": p.Name})
			}
			return kube.Condition(p, corev1.PodReady) == corev1.ConditionFalse && p.Status.Phase == corev1.PodRunning, nil
		}}
}

// restarted waits for the kubelet's first restart of a container: its
// restartCount is 1, as the kubectl wait it shows says (the new container
// passes its probe, so there is no second one to miss).
func restarted(container string) lessons.Cond {
	return lessons.Cond{For: `jsonpath='{.status.containerStatuses[?(@.name=="` + container + `")].restartCount}'=1`, Key: "wait.restarted", Failing: true,
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			return c != nil && c.RestartCount == 1, nil
		}}
}

// readyAgain waits for a restarted container to be running and ready: the
// Pod's Ready condition, which kubectl waits for, after restarted.
func readyAgain(container string) lessons.Cond {
	return lessons.Cond{For: "condition=Ready", Key: "wait.ready-again",
		Fn: func(p *corev1.Pod) (bool, error) {
			c := kube.ContainerStatus(p, container)
			return c != nil && c.RestartCount >= 1 && c.Ready && c.State.Running != nil &&
				kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
		}}
}
