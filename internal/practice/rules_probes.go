package practice

// Rules on probes: liveness, readiness, and what the kubelet did with them.

import (
	"context"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// probeKind returns how a probe knocks: httpGet, tcpSocket, exec, grpc, or
// none.
func probeKind(pr *corev1.Probe) string {
	switch {
	case pr.HTTPGet != nil:
		return "httpGet"
	case pr.TCPSocket != nil:
		return "tcpSocket"
	case pr.Exec != nil:
		return "exec"
	case pr.GRPC != nil:
		return "grpc"
	}
	return "none"
}

// Liveness holds when a container has a liveness probe of one of kinds
// (httpGet, tcpSocket, exec; none given: any).
func Liveness(kinds ...string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		_, pr := kube.ContainerProbe(p, "Liveness")
		if pr == nil {
			return why("liveness", text.Facts{"Want": strings.Join(kinds, " / ")})
		}
		if len(kinds) == 0 {
			return nil
		}
		got := probeKind(pr)
		for _, k := range kinds {
			if k == got {
				return nil
			}
		}
		return why("liveness-kind", text.Facts{"Want": strings.Join(kinds, " / "), "Got": got})
	}
}

// LivenessEvery holds when the liveness probe runs every n seconds.
func LivenessEvery(n int32) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		_, pr := kube.ContainerProbe(p, "Liveness")
		if pr == nil {
			return why("liveness", nil)
		}
		got := pr.PeriodSeconds
		if got == 0 {
			got = 10
		}
		if got == n {
			return nil
		}
		return why("liveness-period", text.Facts{"Want": n, "Got": got})
	}
}

// LivenessOnPort holds when the liveness probe knocks on a port the
// container declares (by number or name).
func LivenessOnPort(ctx context.Context, w *World, p *corev1.Pod) *Why {
	c, pr := kube.ContainerProbe(p, "Liveness")
	if pr == nil {
		return why("liveness", nil)
	}
	var port intstr.IntOrString
	switch {
	case pr.HTTPGet != nil:
		port = pr.HTTPGet.Port
	case pr.TCPSocket != nil:
		port = pr.TCPSocket.Port
	default:
		return nil
	}
	var declared []string
	for _, cp := range c.Ports {
		if port.Type == intstr.Int && cp.ContainerPort == port.IntVal || port.Type == intstr.String && cp.Name == port.StrVal {
			return nil
		}
		declared = append(declared, fmt.Sprint(cp.ContainerPort))
	}
	return why("liveness-port", text.Facts{"Got": port.String(), "Named": port.Type == intstr.String, "Want": strings.Join(declared, ", "), "Container": c.Name})
}

func unhealthy(w *World, p *corev1.Pod, probe string) *corev1.Event {
	for _, e := range w.EventsOf(p) {
		if e.Reason == "Unhealthy" && strings.HasPrefix(e.Message, probe+" probe failed") {
			return e
		}
	}
	return nil
}

// Healthy holds when every container runs without a restart and its
// liveness probe has had time to fail and did not: at least two periods
// after its initial delay, with no failure in the Pod's Events.
func Healthy(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if y := Ready(ctx, w, p); y != nil {
		return y
	}
	for _, cs := range p.Status.ContainerStatuses {
		if cs.RestartCount > 0 {
			return why("restarted", text.Facts{"Container": cs.Name, "Got": cs.RestartCount})
		}
	}
	if e := unhealthy(w, p, "Liveness"); e != nil {
		return why("liveness-failed", text.Facts{"Got": e.Message})
	}
	c, pr := kube.ContainerProbe(p, "Liveness")
	if pr == nil {
		return nil
	}
	cs := kube.ContainerStatus(p, c.Name)
	if cs == nil || cs.State.Running == nil {
		return why("ready", text.Facts{"Status": kube.PodStatus(p)})
	}
	period := pr.PeriodSeconds
	if period == 0 {
		period = 10
	}
	need := time.Duration(pr.InitialDelaySeconds+2*period) * time.Second
	at := cs.State.Running.StartedAt.Add(need)
	if w.Now.Before(at) {
		return &Why{Key: "healthy-wait", Facts: text.Facts{"Want": int(need.Seconds())}, At: at}
	}
	return nil
}

// RestartedByLiveness holds when the kubelet restarted a container because
// its liveness probe failed.
func RestartedByLiveness(ctx context.Context, w *World, p *corev1.Pod) *Why {
	var restarts int32
	for _, cs := range p.Status.ContainerStatuses {
		restarts += cs.RestartCount
	}
	probeFailed := unhealthy(w, p, "Liveness") != nil
	switch {
	case restarts > 0 && probeFailed:
		return nil
	case restarts > 0:
		code := int32(0)
		for _, cs := range p.Status.ContainerStatuses {
			if t := cs.LastTerminationState.Terminated; t != nil {
				code = t.ExitCode
			}
		}
		return why("restarted-other", text.Facts{"Got": code})
	case probeFailed:
		return why("probe-failing", nil)
	}
	return why("not-restarted", nil)
}

// LivenessPath holds when the liveness probe is an httpGet on path.
func LivenessPath(path string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		_, pr := kube.ContainerProbe(p, "Liveness")
		switch {
		case pr == nil:
			return why("liveness", text.Facts{"Want": "httpGet"})
		case pr.HTTPGet == nil:
			return why("liveness-kind", text.Facts{"Want": "httpGet", "Got": probeKind(pr)})
		}
		got := pr.HTTPGet.Path
		if got == "" {
			got = "/"
		}
		if got == path {
			return nil
		}
		return why("liveness-path", text.Facts{"Want": path, "Got": got})
	}
}

// ReadinessPath holds when a container has an httpGet readiness probe on
// one of paths.
func ReadinessPath(paths ...string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, c := range p.Spec.Containers {
			pr := c.ReadinessProbe
			if pr == nil || pr.HTTPGet == nil {
				continue
			}
			got := pr.HTTPGet.Path
			if got == "" {
				got = "/"
			}
			for _, path := range paths {
				if got == path {
					return nil
				}
			}
		}
		return why("readiness-path", text.Facts{"Want": strings.Join(paths, " / ")})
	}
}
