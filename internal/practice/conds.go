package practice

import (
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// The conditions tasks are built from. Each says, when it does not hold,
// why in a message of messages/*.md.

// Image holds when a container runs the image of role (web, shell).
func Image(role string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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
func Port(n int32) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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

// Ready holds when every container is ready (the Pod's Ready condition).
func Ready(w *World, p *corev1.Pod) *Why {
	if kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue {
		return nil
	}
	return why("ready", text.Facts{"Status": kube.PodStatus(p)})
}

// Succeeded holds when every container exited 0 and the Pod is done.
func Succeeded(w *World, p *corev1.Pod) *Why {
	if p.Status.Phase == corev1.PodSucceeded {
		return nil
	}
	return why("succeeded", text.Facts{"Status": kube.PodStatus(p)})
}

// NotNamed holds for any Pod but the one called name.
func NotNamed(name string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if p.Name != name {
			return nil
		}
		return why("other-pod", text.Facts{"Other": name})
	}
}

// commandLine is a container's command and args in one string.
func commandLine(c corev1.Container) string {
	return strings.Join(append(append([]string(nil), c.Command...), c.Args...), " ")
}

// CallsIPOf holds when a container's command line holds the IP of the Pod
// called name (so it reached that Pod at its own address).
func CallsIPOf(name string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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
func Containers(n int) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if len(p.Spec.Containers) >= n {
			return nil
		}
		return why("containers", text.Facts{"Want": n, "Got": len(p.Spec.Containers)})
	}
}

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
func SharedEmptyDir(w *World, p *corev1.Pod) *Why {
	m := mounts(p)
	for _, v := range p.Spec.Volumes {
		if v.EmptyDir != nil && len(m[v.Name]) >= 2 {
			return nil
		}
	}
	return why("shared-emptydir", nil)
}

// Mentions holds when a container's command line contains one of words.
func Mentions(words ...string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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
func InitContainers(n int) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if got := len(plainInits(p)); got < n {
			return why("inits", text.Facts{"Want": n, "Got": got})
		}
		return nil
	}
}

// InitMentions holds when an init container's command line contains word.
func InitMentions(word string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		for _, c := range plainInits(p) {
			if strings.Contains(commandLine(c), word) {
				return nil
			}
		}
		return why("init-mentions", text.Facts{"Want": word})
	}
}

// Service holds when the Service called name exists in the namespace.
func Service(name string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		for _, s := range w.Services {
			if s.Name == name {
				return nil
			}
		}
		return why("service", text.Facts{"Want": name, "Status": kube.PodStatus(p)})
	}
}

// Initialized holds when every init container finished.
func Initialized(w *World, p *corev1.Pod) *Why {
	if kube.Condition(p, corev1.PodInitialized) == corev1.ConditionTrue {
		return nil
	}
	return why("initialized", text.Facts{"Status": kube.PodStatus(p)})
}

// QoS holds when the Pod is in the given QoS class.
func QoS(class corev1.PodQOSClass) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if p.Status.QOSClass == class {
			return nil
		}
		return why("qos", text.Facts{"Want": string(class), "Got": string(p.Status.QOSClass)})
	}
}

// MemoryLimit holds when a container has a memory limit.
func MemoryLimit(w *World, p *corev1.Pod) *Why {
	for _, c := range p.Spec.Containers {
		if _, ok := c.Resources.Limits[corev1.ResourceMemory]; ok {
			return nil
		}
	}
	return why("memory-limit", nil)
}

// OOMKilled holds when a container was killed for going over its memory
// limit: reason OOMKilled, or, where the runtime missed the OOM event and
// says Error (containerd on kind does, when the kernel kills a child of
// PID 1), exit code 137 in a container with a memory limit and no
// liveness probe (nothing else there sends SIGKILL).
func OOMKilled(w *World, p *corev1.Pod) *Why {
	for _, cs := range p.Status.ContainerStatuses {
		spec := specOf(p, cs.Name)
		for _, t := range []*corev1.ContainerStateTerminated{cs.State.Terminated, cs.LastTerminationState.Terminated} {
			if t == nil {
				continue
			}
			if t.Reason == "OOMKilled" {
				return nil
			}
			if t.Reason == "Error" && t.ExitCode == 137 && spec != nil && spec.LivenessProbe == nil && !spec.Resources.Limits.Memory().IsZero() {
				return nil
			}
		}
	}
	return why("oomkilled", text.Facts{"Status": kube.PodStatus(p)})
}

// Unschedulable holds when the scheduler found no node for the Pod.
func Unschedulable(w *World, p *corev1.Pod) *Why {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			return nil
		}
	}
	if p.Spec.NodeName != "" {
		return why("scheduled", text.Facts{"Node": p.Spec.NodeName})
	}
	return why("unschedulable", text.Facts{"Status": kube.PodStatus(p)})
}

// envVar finds the variable name in the Pod's containers.
func envVar(p *corev1.Pod, name string) (corev1.EnvVar, bool) {
	for _, c := range p.Spec.Containers {
		for _, e := range c.Env {
			if e.Name == name {
				return e, true
			}
		}
	}
	return corev1.EnvVar{}, false
}

// Env holds when a container sets the variable name to value.
func Env(name, value string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		switch {
		case !ok:
			return why("env-missing", text.Facts{"Name": name})
		case e.ValueFrom != nil || e.Value != value:
			return why("env-value", text.Facts{"Name": name, "Want": value, "Got": e.Value})
		}
		return nil
	}
}

// EnvPrefix holds when a container sets the variable name to a value that
// starts with prefix and has more after it.
func EnvPrefix(name, prefix string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		switch {
		case !ok:
			return why("env-missing", text.Facts{"Name": name})
		case !strings.HasPrefix(e.Value, prefix) || len(e.Value) == len(prefix):
			return why("env-prefix", text.Facts{"Name": name, "Want": prefix, "Got": e.Value})
		}
		return nil
	}
}

// EnvField holds when a container takes the variable name from the
// Downward API field fieldPath (spec.nodeName ...).
func EnvField(name, fieldPath string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		if !ok {
			return why("env-missing", text.Facts{"Name": name})
		}
		if e.ValueFrom != nil && e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == fieldPath {
			return nil
		}
		return why("env-field", text.Facts{"Name": name, "Want": fieldPath})
	}
}

// Started holds when every app container has started and none is waiting
// or failed: Running, or Succeeded for a Pod that runs once.
func Started(w *World, p *corev1.Pod) *Why {
	if p.Status.Phase == corev1.PodSucceeded || kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue {
		return nil
	}
	return why("ready", text.Facts{"Status": kube.PodStatus(p)})
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
func NativeSidecar(word string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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
func SidecarShares(w *World, p *corev1.Pod) *Why {
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

// Mirror holds when the Pod is the mirror of a static Pod a kubelet runs
// from a file.
func Mirror(w *World, p *corev1.Pod) *Why {
	if kube.IsMirror(p) {
		return nil
	}
	return why("mirror", nil)
}

// ExitCode holds when a container's last run (now or before a restart)
// ended with exit code n.
func ExitCode(n int32) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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

// UnschedulableFor holds when the scheduler found no node for the Pod
// because no node has enough of resource (its message says "Insufficient
// cpu"), not for some other reason.
func UnschedulableFor(resource string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		if y := Unschedulable(w, p); y != nil {
			return y
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodScheduled && strings.Contains(c.Message, "Insufficient "+resource) {
				return nil
			}
			if c.Type == corev1.PodScheduled {
				return why("unschedulable-for", text.Facts{"Want": resource, "Got": c.Message})
			}
		}
		return why("unschedulable-for", text.Facts{"Want": resource})
	}
}

var redirect = regexp.MustCompile(`>>?\s*([^\s;&|)]+)`)

// SharedFile holds when a container writes a file (> or >>) on an
// emptyDir volume and another container reads that same file through its
// own mount of the volume: its command names the file.
func SharedFile(w *World, p *corev1.Pod) *Why {
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

// EnvFromConfigMap holds when a container takes the variable name from a
// key of the ConfigMap configMap.
func EnvFromConfigMap(name, configMap string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
		e, ok := envVar(p, name)
		if !ok {
			return why("env-missing", text.Facts{"Name": name})
		}
		if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil && e.ValueFrom.ConfigMapKeyRef.Name == configMap {
			return nil
		}
		return why("env-configmap", text.Facts{"Name": name, "Want": configMap})
	}
}

// WritesShared holds when a container writes a file (> or >>) under its
// mount of an emptyDir volume that another container mounts too.
func WritesShared(w *World, p *corev1.Pod) *Why {
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

// ServedBy holds when the Service name exists and its selector matches the
// Pod's labels (the Pod is one of its endpoints once Ready).
func ServedBy(name string) Cond {
	return func(w *World, p *corev1.Pod) *Why {
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

// specOf is the spec of the Pod's app container called name, or nil.
func specOf(p *corev1.Pod, name string) *corev1.Container {
	for i := range p.Spec.Containers {
		if p.Spec.Containers[i].Name == name {
			return &p.Spec.Containers[i]
		}
	}
	return nil
}
