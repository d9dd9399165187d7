package diagnose

import (
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/kube"
)

var (
	refusedPort = regexp.MustCompile(`dial tcp \[?[0-9A-Za-z.:%-]*\]?:(\d+): connect: connection refused`)
	httpStatus  = regexp.MustCompile(`HTTP probe failed with statuscode: (\d+)`)
)

// probe: a liveness or startup probe fails and the kubelet restarts the
// container, or (readiness) a readiness probe fails and keeps the Pod from
// being Ready.
type probe struct{ readiness bool }

// kinds returns the kinds of probe it looks at, in order.
func (p probe) kinds() []string {
	if p.readiness {
		return []string{"Readiness"}
	}
	return []string{"Liveness", "Startup"}
}

func (p probe) match(d *diag, c *ctr) bool {
	kind, _, _ := p.failing(d, c)
	return kind != ""
}

// failing returns the first of the probes that fails, the kubelet's Unhealthy
// Event about it and, if the kubelet restarted the container for it, its
// Killing Event. A failure counts if it killed the container, or if it is
// newer than the container's start and keeps it from being ready.
func (p probe) failing(d *diag, c *ctr) (kind string, failed, killed *corev1.Event) {
	if c.spec == nil || c.init {
		return "", nil, nil
	}
	s := c.status
	for _, kind := range p.kinds() {
		killed := d.lastEvent(s.Name, func(m string) bool {
			return strings.Contains(m, "failed "+strings.ToLower(kind)+" probe")
		}, "Killing")
		failed := d.lastEvent(s.Name, func(m string) bool { return strings.HasPrefix(m, kind+" probe") }, "Unhealthy")
		if failed == nil {
			continue
		}
		recent := s.State.Running != nil && !s.Ready && !kube.EventLast(failed).Before(s.State.Running.StartedAt.Time)
		if killed == nil && !recent {
			continue
		}
		return kind, failed, killed
	}
	return "", nil, nil
}

func (p probe) explain(d *diag, c *ctr) {
	kind, failed, killed := p.failing(d, c)
	spec, name := c.spec, c.status.Name
	pr := map[string]*corev1.Probe{"Liveness": spec.LivenessProbe, "Readiness": spec.ReadinessProbe, "Startup": spec.StartupProbe}[kind]
	msg := probeOutput(kind, failed.Message)
	var ports []string
	for _, cp := range spec.Ports {
		ports = append(ports, strconv.Itoa(int(cp.ContainerPort)))
	}
	f := &d.facts
	f.Probe, f.Output, f.Message, f.Ports = strings.ToLower(kind), clip(msg, 300), clip(failed.Message, 300), strings.Join(ports, ", ")
	f.Threshold = 3
	field := strings.ToLower(kind[:1]) + kind[1:] + "Probe"
	if pr != nil {
		f.Timeout = max(pr.TimeoutSeconds, 1)
		f.Period = 10
		if pr.PeriodSeconds > 0 {
			f.Period = pr.PeriodSeconds
		}
		if pr.FailureThreshold > 0 {
			f.Threshold = pr.FailureThreshold
		}
		switch {
		case pr.HTTPGet != nil:
			f.Port, f.Path = portOf(pr.HTTPGet.Port, spec), pr.HTTPGet.Path
			d.addField(f.specField(name, field+".httpGet.port"), pr.HTTPGet.Port.String())
		case pr.TCPSocket != nil:
			f.Port = portOf(pr.TCPSocket.Port, spec)
			d.addField(f.specField(name, field+".tcpSocket.port"), pr.TCPSocket.Port.String())
		case pr.GRPC != nil:
			f.Port = strconv.Itoa(int(pr.GRPC.Port))
		case pr.Exec != nil:
			f.Command = command(pr.Exec.Command, nil)
		}
	}
	f.Budget = f.Threshold * max(f.Period, 1)
	if kind == "Readiness" {
		f.Services = selecting(d.in.Services, d.pod)
	}
	variant := "other"
	switch {
	case refusedPort.MatchString(msg):
		f.Port = refusedPort.FindStringSubmatch(msg)[1]
		variant = "refused"
		if f.Ports != "" && !contains(ports, f.Port) {
			variant = "wrong-port"
			d.addField(f.specField(name, "ports[*].containerPort"), strings.Join(ports, " "))
		}
	case httpStatus.MatchString(msg):
		f.Status = httpStatus.FindStringSubmatch(msg)[1]
		variant = "http-status"
	case containsAny(msg, "context deadline exceeded", "Client.Timeout", "i/o timeout", "timed out", "timeout"):
		variant = "timeout"
	case pr != nil && pr.Exec != nil:
		variant = "exec"
		if msg == "" {
			variant = "exec-silent"
		}
	}
	d.set(ProbeFailing, variant)
	d.addEvent(failed)
	d.addEvent(killed)
}

// probeOutput returns what the probe got, read from the kubelet's Unhealthy
// message.
func probeOutput(kind, message string) string {
	msg := message
	for _, pre := range []string{kind + " probe failed: ", kind + " probe errored: "} {
		if _, rest, ok := strings.Cut(msg, pre); ok {
			msg = rest
		}
	}
	if i := strings.Index(msg, "state: "); strings.HasPrefix(message, kind+" probe errored") && i >= 0 {
		msg = msg[i+len("state: "):]
	}
	return strings.TrimSpace(msg)
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

// selecting names the Services that select the Pod.
func selecting(services []corev1.Service, pod *corev1.Pod) string {
	var names []string
	for _, s := range services {
		if len(s.Spec.Selector) == 0 {
			continue
		}
		if labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(pod.Labels)) {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ", ")
}
