package diagnose

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/kube"
)

// probe: a liveness or startup probe fails and the kubelet restarts the
// container (or a readiness probe fails and keeps the Pod from being Ready).
func (d *diag) probe(c corev1.ContainerStatus, spec *corev1.Container, kinds ...string) bool {
	if spec == nil {
		return false
	}
	for _, kind := range kinds {
		killed := d.lastEvent(c.Name, func(m string) bool {
			return strings.Contains(m, "failed "+strings.ToLower(kind)+" probe")
		}, "Killing")
		failed := d.lastEvent(c.Name, func(m string) bool { return strings.HasPrefix(m, kind+" probe") }, "Unhealthy")
		if failed == nil {
			continue
		}
		recent := c.State.Running != nil && !c.Ready && !kube.EventLast(failed).Before(c.State.Running.StartedAt.Time)
		if killed == nil && !recent {
			continue
		}
		d.probeFacts(c, spec, kind, failed)
		d.addEvent(failed)
		d.addEvent(killed)
		return true
	}
	return false
}

// readiness: a running container is not ready because its readiness probe fails.
func (d *diag) readiness() bool {
	for _, c := range d.pod.Status.ContainerStatuses {
		if c.Ready || c.State.Running == nil {
			continue
		}
		d.facts.Container, d.facts.Init, d.facts.Restarts = c.Name, false, c.RestartCount
		if d.probe(c, d.spec(c.Name), "Readiness") {
			return true
		}
	}
	return false
}

func (d *diag) probeFacts(c corev1.ContainerStatus, spec *corev1.Container, kind string, ev *corev1.Event) {
	p := map[string]*corev1.Probe{"Liveness": spec.LivenessProbe, "Readiness": spec.ReadinessProbe, "Startup": spec.StartupProbe}[kind]
	msg := ev.Message
	for _, pre := range []string{kind + " probe failed: ", kind + " probe errored: "} {
		if _, rest, ok := strings.Cut(msg, pre); ok {
			msg = rest
		}
	}
	if i := strings.Index(msg, "state: "); strings.HasPrefix(ev.Message, kind+" probe errored") && i >= 0 {
		msg = msg[i+len("state: "):]
	}
	msg = strings.TrimSpace(msg)
	var ports []string
	for _, cp := range spec.Ports {
		ports = append(ports, strconv.Itoa(int(cp.ContainerPort)))
	}
	f := &d.facts
	f.Probe, f.Output, f.Message, f.Ports = strings.ToLower(kind), clip(msg, 300), clip(ev.Message, 300), strings.Join(ports, ", ")
	f.Threshold = 3
	field := strings.ToLower(kind[:1]) + kind[1:] + "Probe"
	if p != nil {
		f.Timeout = max(p.TimeoutSeconds, 1)
		f.Period = 10
		if p.PeriodSeconds > 0 {
			f.Period = p.PeriodSeconds
		}
		if p.FailureThreshold > 0 {
			f.Threshold = p.FailureThreshold
		}
		switch {
		case p.HTTPGet != nil:
			f.Port, f.Path = portOf(p.HTTPGet.Port, spec), p.HTTPGet.Path
			d.addField(d.facts.specField(c.Name, field+".httpGet.port"), p.HTTPGet.Port.String())
		case p.TCPSocket != nil:
			f.Port = portOf(p.TCPSocket.Port, spec)
			d.addField(d.facts.specField(c.Name, field+".tcpSocket.port"), p.TCPSocket.Port.String())
		case p.GRPC != nil:
			f.Port = strconv.Itoa(int(p.GRPC.Port))
		case p.Exec != nil:
			f.Command = command(p.Exec.Command, nil)
		}
	}
	f.Budget = f.Threshold * max(f.Period, 1)
	if kind == "Readiness" {
		f.Services = d.services()
	}
	variant := "other"
	switch {
	case refusedPort.MatchString(msg):
		f.Port = refusedPort.FindStringSubmatch(msg)[1]
		variant = "refused"
		if f.Ports != "" && !contains(ports, f.Port) {
			variant = "wrong-port"
			d.addField(d.facts.specField(c.Name, "ports[*].containerPort"), strings.Join(ports, " "))
		}
	case httpStatus.MatchString(msg):
		f.Status = httpStatus.FindStringSubmatch(msg)[1]
		variant = "http-status"
	case containsAny(msg, "context deadline exceeded", "Client.Timeout", "i/o timeout", "timed out", "timeout"):
		variant = "timeout"
	case p != nil && p.Exec != nil:
		variant = "exec"
		if msg == "" {
			variant = "exec-silent"
		}
	}
	d.set(ProbeFailing, variant, nil)
}

// portOf turns a probe's port (a number or a port name) into a number.
func portOf(p intstr.IntOrString, spec *corev1.Container) string {
	if p.Type == intstr.Int {
		return strconv.Itoa(int(p.IntVal))
	}
	for _, cp := range spec.Ports {
		if cp.Name == p.StrVal {
			return strconv.Itoa(int(cp.ContainerPort))
		}
	}
	return p.StrVal
}
