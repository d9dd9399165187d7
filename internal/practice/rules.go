package practice

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// The rules tasks are built from. Each says, when it does not hold,
// why in a message of messages/*.md. The families have files of their
// own: rules_shared.go (volumes, init containers, sidecars), rules_env.go,
// rules_resources.go, rules_probes.go; node rules are in nodes.go.

// Image holds when a container runs the image of role (web, shell).
func Image(role string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		want := w.Images[role]
		var got []string
		for _, c := range p.Spec.Containers {
			if c.Image == want {
				return nil
			}
			got = append(got, c.Image)
		}
		return why("image", text.Facts{"Role": role, "Want": want, "Got": strings.Join(got, ", ")})
	}
}

// Port holds when a container declares containerPort n.
func Port(n int32) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, c := range p.Spec.Containers {
			for _, port := range c.Ports {
				if port.ContainerPort == n {
					return nil
				}
			}
		}
		return why("port", text.Facts{"Want": n})
	}
}

// OwnPorts holds when each app container declares a containerPort that no
// other container of the Pod declares, and has a readinessProbe (httpGet
// or tcpSocket) on a port it declares itself: once the Pod is Ready, each
// container has answered on a port of its own. The containers share one
// network namespace, so two cannot listen on the same port.
func OwnPorts(ctx context.Context, w *World, p *corev1.Pod) *Why {
	owner := map[int32]string{}
	for _, c := range p.Spec.Containers {
		if len(c.Ports) == 0 {
			return why("port-none", text.Facts{"Container": c.Name})
		}
		for _, port := range c.Ports {
			if other, ok := owner[port.ContainerPort]; ok && other != c.Name {
				return why("port-shared", text.Facts{"Container": c.Name, "Other": other, "Port": port.ContainerPort})
			}
			owner[port.ContainerPort] = c.Name
		}
	}
	for _, c := range p.Spec.Containers {
		var port intstr.IntOrString
		switch pr := c.ReadinessProbe; {
		case pr != nil && pr.HTTPGet != nil:
			port = pr.HTTPGet.Port
		case pr != nil && pr.TCPSocket != nil:
			port = pr.TCPSocket.Port
		default:
			return why("readiness-own", text.Facts{"Container": c.Name, "Want": declared(c)})
		}
		if !declares(c, port) {
			return why("readiness-other", text.Facts{"Container": c.Name, "Want": declared(c), "Got": port.String(), "Named": port.Type == intstr.String})
		}
	}
	return nil
}

// declares reports whether the container declares port, by number or name.
func declares(c corev1.Container, port intstr.IntOrString) bool {
	for _, cp := range c.Ports {
		if port.Type == intstr.Int && cp.ContainerPort == port.IntVal || port.Type == intstr.String && cp.Name == port.StrVal {
			return true
		}
	}
	return false
}

// declared lists the container's ports: "80, 8080".
func declared(c corev1.Container) string {
	var out []string
	for _, cp := range c.Ports {
		out = append(out, fmt.Sprint(cp.ContainerPort))
	}
	return strings.Join(out, ", ")
}

// Ready holds when every container is ready (the Pod's Ready condition).
func Ready(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue {
		return nil
	}
	return why("ready", text.Facts{"Status": kube.PodStatus(p)})
}

// Succeeded holds when every container exited 0 and the Pod is done:
// phase Succeeded, or every app container ended with 0 where nothing
// restarts it (the kubelet sets the phase a moment later).
func Succeeded(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if p.Status.Phase == corev1.PodSucceeded || exitedZero(p) {
		return nil
	}
	return why("succeeded", text.Facts{"Status": kube.PodStatus(p)})
}

// exitedZero reports whether every app container ended with exit code 0
// under a restartPolicy that does not start it again: the Pod is done,
// though its phase may still say Running for a moment.
func exitedZero(p *corev1.Pod) bool {
	if p.Spec.RestartPolicy != corev1.RestartPolicyNever && p.Spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		return false
	}
	if len(p.Status.ContainerStatuses) < len(p.Spec.Containers) || len(p.Spec.Containers) == 0 {
		return false
	}
	for _, cs := range p.Status.ContainerStatuses {
		if t := cs.State.Terminated; t == nil || t.ExitCode != 0 {
			return false
		}
	}
	return true
}

// NotNamed holds for any Pod but the one called name.
func NotNamed(name string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if p.Name != name {
			return nil
		}
		return why("other-pod", text.Facts{"Other": name})
	}
}

// commandLine returns a container's command and args in one string.
func commandLine(c corev1.Container) string {
	return strings.Join(append(append([]string(nil), c.Command...), c.Args...), " ")
}

// CallsIPOf holds when a container's command line holds the IP of the Pod
// called name (so it reached that Pod at its own address).
func CallsIPOf(name string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		target := w.Pod(name)
		if target == nil || target.Status.PodIP == "" {
			return why("no-ip", text.Facts{"Other": name})
		}
		for _, c := range p.Spec.Containers {
			if strings.Contains(commandLine(c), target.Status.PodIP) {
				return nil
			}
		}
		return why("calls-ip", text.Facts{"Other": name, "IP": target.Status.PodIP})
	}
}

// Containers holds when the Pod has at least n app containers.
func Containers(n int) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if len(p.Spec.Containers) >= n {
			return nil
		}
		return why("containers", text.Facts{"Want": n, "Got": len(p.Spec.Containers)})
	}
}

// Mentions holds when a container's command line contains one of words.
func Mentions(words ...string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, c := range p.Spec.Containers {
			for _, word := range words {
				if strings.Contains(commandLine(c), word) {
					return nil
				}
			}
		}
		return why("mentions", text.Facts{"Want": strings.Join(words, " / ")})
	}
}

// Service holds when the Service called name exists in the namespace.
func Service(name string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, s := range w.Services {
			if s.Name == name {
				return nil
			}
		}
		return why("service", text.Facts{"Want": name, "Status": kube.PodStatus(p)})
	}
}

// Started holds when every app container has started and none is waiting
// or failed: Running, or Succeeded for a Pod that runs once.
func Started(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if p.Status.Phase == corev1.PodSucceeded || exitedZero(p) || kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue {
		return nil
	}
	return why("ready", text.Facts{"Status": kube.PodStatus(p)})
}

// Mirror holds when the Pod is the mirror of a static Pod a kubelet runs
// from a file.
func Mirror(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if kube.IsMirror(p) {
		return nil
	}
	return why("mirror", nil)
}

// ExitCode holds when a container's last run (now or before a restart)
// ended with exit code n.
func ExitCode(n int32) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		var got []string
		for _, cs := range p.Status.ContainerStatuses {
			for _, t := range []*corev1.ContainerStateTerminated{cs.State.Terminated, cs.LastTerminationState.Terminated} {
				if t == nil {
					continue
				}
				if t.ExitCode == n {
					return nil
				}
				got = append(got, fmt.Sprint(t.ExitCode))
			}
		}
		return why("exit-code", text.Facts{"Want": n, "Got": strings.Join(got, ", "), "Status": kube.PodStatus(p)})
	}
}

// ServedBy holds when the Service name exists and its selector matches the
// Pod's labels (the Pod is one of its endpoints once Ready).
func ServedBy(name string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, s := range w.Services {
			if s.Name != name {
				continue
			}
			if len(s.Spec.Selector) > 0 && labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(p.Labels)) {
				return nil
			}
			return why("served-by", text.Facts{"Want": name, "Got": labels.Set(s.Spec.Selector).String()})
		}
		return why("service", text.Facts{"Want": name, "Status": kube.PodStatus(p)})
	}
}
