package lessontest

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/kubectl/pkg/util/qos"
)

// ResourceDefaults does to a new Pod what the API server does with its
// resources before storing it: a container's missing request defaults to
// its limit, then status.qosClass is worked out by Kubernetes' own rule.
func ResourceDefaults(p *corev1.Pod) {
	for _, list := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
		for i := range list {
			defaultRequests(&list[i].Resources)
		}
	}
	p.Status.QOSClass = qos.ComputePodQOS(p)
}

func defaultRequests(r *corev1.ResourceRequirements) {
	for name, q := range r.Limits {
		if _, ok := r.Requests[name]; !ok {
			if r.Requests == nil {
				r.Requests = corev1.ResourceList{}
			}
			r.Requests[name] = q.DeepCopy()
		}
	}
}
