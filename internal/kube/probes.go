package kube

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ProbeField returns the spec field of a kind of probe: "Liveness" gives
// livenessProbe.
func ProbeField(kind string) string { return strings.ToLower(kind) + "Probe" }

// ContainerProbe returns the first of p's containers with a probe of kind
// (Liveness, Readiness or Startup), and that probe; nil and nil when none has
// one.
func ContainerProbe(p *corev1.Pod, kind string) (*corev1.Container, *corev1.Probe) {
	for i := range p.Spec.Containers {
		c := &p.Spec.Containers[i]
		probes := map[string]*corev1.Probe{"Liveness": c.LivenessProbe, "Readiness": c.ReadinessProbe, "Startup": c.StartupProbe}
		if probe := probes[kind]; probe != nil {
			return c, probe
		}
	}
	return nil, nil
}

// FailureWindow returns when the kubelet acts on a container whose probe p
// starts failing (a livenessProbe's restart, a readinessProbe's NotReady),
// counted from the moment it starts failing: the first failing probe comes
// within one period, the kubelet needs failureThreshold of them in a row, and
// the last one may take up to timeoutSeconds to fail.
func FailureWindow(p *corev1.Probe) (earliest, latest time.Duration) {
	period := time.Duration(p.PeriodSeconds) * time.Second
	failures := time.Duration(p.FailureThreshold)
	return (failures - 1) * period, failures*period + time.Duration(p.TimeoutSeconds)*time.Second
}

// ProbeEvents finds, among a Pod's events (oldest first), the last failed
// probe of a kind (Unhealthy: "Liveness probe failed: ...") and the first
// Killing.
func ProbeEvents(events []corev1.Event, kind string) (unhealthy, killing *corev1.Event) {
	for i := range events {
		e := &events[i]
		switch {
		case e.Reason == "Unhealthy" && strings.HasPrefix(e.Message, kind):
			unhealthy = e
		case e.Reason == "Killing" && killing == nil:
			killing = e
		}
	}
	return unhealthy, killing
}

// Timing is one of a probe's timing fields, by its name in the API.
type Timing struct {
	Name  string
	Value int32
}

// ProbeTimings returns p's five timing fields, in the order kubectl explain
// lists them.
func ProbeTimings(p *corev1.Probe) []Timing {
	return []Timing{{"periodSeconds", p.PeriodSeconds}, {"initialDelaySeconds", p.InitialDelaySeconds},
		{"timeoutSeconds", p.TimeoutSeconds}, {"successThreshold", p.SuccessThreshold}, {"failureThreshold", p.FailureThreshold}}
}
