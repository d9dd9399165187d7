package runenv

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// PodFuncs are the functions a lesson's or a practice's text may call
// about the run's images and Pods, each of one argument:
//
//	{{image "role"}}             the image of a role
//	{{ip "pod"}} {{node "pod"}}  a Pod's IP and node
//
// pod finds a Pod by name (nil: not known). What a function does not know
// reads text.Unknown (<web-image>, <webserver-ip>) and is told to unknown
// (nil: to no one) with the function's name and its argument.
func PodFuncs(images ImageSet, pod func(name string) *corev1.Pod, unknown func(fn, arg string)) map[string]func(string) string {
	gap := func(fn, arg string) string {
		if unknown != nil {
			unknown(fn, arg)
		}
		return text.Unknown(arg, fn)
	}
	of := func(fn string, get func(*corev1.Pod) string) func(string) string {
		return func(name string) string {
			if p := pod(name); p != nil && get(p) != "" {
				return get(p)
			}
			return gap(fn, name)
		}
	}
	return map[string]func(string) string{
		"image": func(role string) string {
			if img, ok := images[role]; ok {
				return img
			}
			return gap("image", role)
		},
		"ip":   of("ip", func(p *corev1.Pod) string { return p.Status.PodIP }),
		"node": of("node", func(p *corev1.Pod) string { return p.Spec.NodeName }),
	}
}
