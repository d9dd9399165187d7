package practice

// Rules on what a Pod's containers share: volumes, files, init
// containers and sidecars.

import (
	"context"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// mounts maps each volume to the containers (init containers included) that mount it.
func mounts(p *corev1.Pod) map[string][]string {
	out := map[string][]string{}
	for _, list := range [][]corev1.Container{p.Spec.InitContainers, p.Spec.Containers} {
		for _, c := range list {
			for _, m := range c.VolumeMounts {
				out[m.Name] = append(out[m.Name], c.Name)
			}
		}
	}
	return out
}

// SharedEmptyDir holds when two containers mount the same emptyDir volume.
func SharedEmptyDir(ctx context.Context, w *World, p *corev1.Pod) *Why {
	m := mounts(p)
	for _, v := range p.Spec.Volumes {
		if v.EmptyDir != nil && len(m[v.Name]) >= 2 {
			return nil
		}
	}
	return why("shared-emptydir", nil)
}

// plainInits returns the init containers that run to completion (not sidecars).
func plainInits(p *corev1.Pod) []corev1.Container {
	var out []corev1.Container
	for _, c := range p.Spec.InitContainers {
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			out = append(out, c)
		}
	}
	return out
}

// InitContainers holds when the Pod has at least n init containers that run
// to completion.
func InitContainers(n int) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		if got := len(plainInits(p)); got < n {
			return why("inits", text.Facts{"Want": n, "Got": got})
		}
		return nil
	}
}

// InitMentions holds when an init container's command line contains word.
func InitMentions(word string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		for _, c := range plainInits(p) {
			if strings.Contains(commandLine(c), word) {
				return nil
			}
		}
		return why("init-mentions", text.Facts{"Want": word})
	}
}

// Initialized holds when every init container finished.
func Initialized(ctx context.Context, w *World, p *corev1.Pod) *Why {
	if kube.Condition(p, corev1.PodInitialized) == corev1.ConditionTrue {
		return nil
	}
	return why("initialized", text.Facts{"Status": kube.PodStatus(p)})
}

// sidecars returns the init containers with restartPolicy Always.
func sidecars(p *corev1.Pod) []corev1.Container {
	var out []corev1.Container
	for _, c := range p.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			out = append(out, c)
		}
	}
	return out
}

// NativeSidecar holds when an init container has restartPolicy Always and
// its command line contains word (tail ...).
func NativeSidecar(word string) Rule {
	return func(ctx context.Context, w *World, p *corev1.Pod) *Why {
		side := sidecars(p)
		if len(side) == 0 {
			for _, c := range p.Spec.InitContainers {
				if strings.Contains(commandLine(c), word) {
					return why("sidecar-policy", text.Facts{"Container": c.Name})
				}
			}
			return why("sidecar", nil)
		}
		for _, c := range side {
			if strings.Contains(commandLine(c), word) {
				return nil
			}
		}
		return why("sidecar-mentions", text.Facts{"Container": side[0].Name, "Want": word})
	}
}

// SidecarShares holds when a sidecar mounts a volume an app container mounts.
func SidecarShares(ctx context.Context, w *World, p *corev1.Pod) *Why {
	apps := map[string]bool{}
	for _, c := range p.Spec.Containers {
		for _, m := range c.VolumeMounts {
			apps[m.Name] = true
		}
	}
	for _, c := range sidecars(p) {
		for _, m := range c.VolumeMounts {
			if apps[m.Name] {
				return nil
			}
		}
	}
	return why("sidecar-volume", nil)
}

var redirect = regexp.MustCompile(`>>?\s*([^\s;&|)]+)`)

// SharedFile holds when a container writes a file (> or >>) on an
// emptyDir volume and another container reads that same file through its
// own mount of the volume: its command names the file.
func SharedFile(ctx context.Context, w *World, p *corev1.Pod) *Why {
	empty := map[string]bool{}
	for _, v := range p.Spec.Volumes {
		empty[v.Name] = v.EmptyDir != nil
	}
	all := append(append([]corev1.Container(nil), p.Spec.InitContainers...), p.Spec.Containers...)
	for i, c := range all {
		for _, m := range c.VolumeMounts {
			if !empty[m.Name] {
				continue
			}
			dir := strings.TrimSuffix(m.MountPath, "/") + "/"
			for _, hit := range redirect.FindAllStringSubmatch(commandLine(c), -1) {
				file, ok := strings.CutPrefix(hit[1], dir)
				if !ok || file == "" {
					continue
				}
				for j, d := range all {
					for _, dm := range d.VolumeMounts {
						if j != i && dm.Name == m.Name && strings.Contains(commandLine(d), strings.TrimSuffix(dm.MountPath, "/")+"/"+file) {
							return nil
						}
					}
				}
			}
		}
	}
	return why("shared-file", nil)
}

// WritesShared holds when a container writes a file (> or >>) under its
// mount of an emptyDir volume that another container mounts too.
func WritesShared(ctx context.Context, w *World, p *corev1.Pod) *Why {
	empty := map[string]bool{}
	for _, v := range p.Spec.Volumes {
		empty[v.Name] = v.EmptyDir != nil
	}
	mounted := mounts(p)
	for _, c := range append(append([]corev1.Container(nil), p.Spec.InitContainers...), p.Spec.Containers...) {
		for _, m := range c.VolumeMounts {
			if !empty[m.Name] || len(mounted[m.Name]) < 2 {
				continue
			}
			dir := strings.TrimSuffix(m.MountPath, "/") + "/"
			for _, hit := range redirect.FindAllStringSubmatch(commandLine(c), -1) {
				if strings.HasPrefix(hit[1], dir) {
					return nil
				}
			}
		}
	}
	return why("writes-shared", nil)
}
