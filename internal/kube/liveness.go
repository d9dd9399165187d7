package kube

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// LivenessWindow is when the kubelet should give up on a container whose
// livenessProbe is p, counted from the moment it turns unhealthy: the first
// failing probe comes within one period, the kubelet needs
// failureThreshold of them in a row, and the last one may take up to
// timeoutSeconds to fail.
func LivenessWindow(p *corev1.Probe) (earliest, latest time.Duration) {
	period := time.Duration(p.PeriodSeconds) * time.Second
	failures := time.Duration(p.FailureThreshold)
	return (failures - 1) * period, failures*period + time.Duration(p.TimeoutSeconds)*time.Second
}

// LivenessEvents finds, among a Pod's events (oldest first), the last
// failed liveness probe (Unhealthy) and the first Killing.
func LivenessEvents(events []corev1.Event) (unhealthy, killing *corev1.Event) {
	for i := range events {
		e := &events[i]
		switch {
		case e.Reason == "Unhealthy" && strings.HasPrefix(e.Message, "Liveness"):
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

// ProbeTimings are p's five timing fields, in the order kubectl explain
// lists them.
func ProbeTimings(p *corev1.Probe) []Timing {
	return []Timing{{"periodSeconds", p.PeriodSeconds}, {"initialDelaySeconds", p.InitialDelaySeconds},
		{"timeoutSeconds", p.TimeoutSeconds}, {"successThreshold", p.SuccessThreshold}, {"failureThreshold", p.FailureThreshold}}
}

// Seconds prints d in whole seconds: "31s".
func Seconds(d time.Duration) string { return fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds())) }

// Relative prints t relative to from, in whole seconds: "+31s", "-2s".
func Relative(t, from time.Time) string {
	d := t.Sub(from).Round(time.Second)
	if d < 0 {
		return "-" + Seconds(-d)
	}
	return "+" + Seconds(d)
}
