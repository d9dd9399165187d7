package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// ContainerProbe finds the first container with a probe of the kind asked
// for, not the first container, and nothing for a kind no container has.
func TestContainerProbe(t *testing.T) {
	live, ready := &corev1.Probe{PeriodSeconds: 5}, &corev1.Probe{PeriodSeconds: 7}
	p := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{
		{Name: "a", ReadinessProbe: ready},
		{Name: "b", LivenessProbe: live},
	}}}
	if c, probe := ContainerProbe(p, "Liveness"); c == nil || c.Name != "b" || probe != live {
		t.Errorf("Liveness: %v %v", c, probe)
	}
	if c, probe := ContainerProbe(p, "Readiness"); c == nil || c.Name != "a" || probe != ready {
		t.Errorf("Readiness: %v %v", c, probe)
	}
	if c, probe := ContainerProbe(p, "Startup"); c != nil || probe != nil {
		t.Errorf("Startup: %v %v", c, probe)
	}
}
