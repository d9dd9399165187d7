package kube

import (
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
