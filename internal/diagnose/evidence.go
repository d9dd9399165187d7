package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// kubectl returns the command a student types, with the Pod's namespace.
func (f *Details) kubectl(args ...string) string {
	args = append(args, "-n", f.Namespace)
	return "kubectl " + shellescape.QuoteCommand(args)
}

func (d *diag) addEvent(e *corev1.Event) {
	if e == nil {
		return
	}
	d.out.Evidence = append(d.out.Evidence, Evidence{Kind: "event", Reason: e.Reason, Count: kube.EventCount(e),
		Text: strings.TrimSpace(e.Message), Command: d.facts.kubectl("events", "--for", "pod/"+d.pod.Name)})
}

// addField cites a field of the Pod by a kubectl JSONPath template; text is
// what that template prints for this Pod.
func (d *diag) addField(field, text string) {
	d.out.Evidence = append(d.out.Evidence, Evidence{Kind: "field", Field: field, Text: text,
		Command: d.facts.kubectl("get", "pod", d.pod.Name, "-o", "jsonpath="+field)})
}

// statusField returns the JSONPath of a field in a container's status.
func (f *Details) statusField(name, rest string) string {
	list := "containerStatuses"
	if f.Init {
		list = "initContainerStatuses"
	}
	return fmt.Sprintf(`{.status.%s[?(@.name=="%s")].%s}`, list, name, rest)
}

// specField returns the JSONPath of a field in a container's spec.
func (f *Details) specField(name, rest string) string {
	list := "containers"
	if f.Init {
		list = "initContainers"
	}
	return fmt.Sprintf(`{.spec.%s[?(@.name=="%s")].%s}`, list, name, rest)
}

// LogLines is how many of a container's last log lines Diagnose reads.
const LogLines = 20

// addLogs cites a container's last log lines, if the caller gave them: the
// last five, or from the last line that key matches (nil: none) if that is
// earlier. It returns the lines it cites.
func (d *diag) addLogs(container string, previous bool, key func(string) bool) []string {
	text := strings.TrimRight(d.in.Logs[container], "\n")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	from := max(len(lines)-5, 0)
	for i := len(lines) - 1; key != nil && i >= 0; i-- {
		if key(lines[i]) {
			from = min(from, i)
			break
		}
	}
	lines = lines[from:]
	args := []string{"logs", d.pod.Name, "-c", container}
	if previous {
		args = append(args, "--previous")
	}
	args = append(args, fmt.Sprintf("--tail=%d", len(lines)))
	d.out.Evidence = append(d.out.Evidence, Evidence{Kind: "logs", Container: container, Previous: previous,
		Text: strings.Join(lines, "\n"), Command: d.facts.kubectl(args...)})
	return lines
}

// lastLine returns the last line that is not blank.
func lastLine(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return clip(l, 200)
		}
	}
	return ""
}

// ownEvents keeps the Events about this very Pod, oldest first.
func ownEvents(pod *corev1.Pod, events []corev1.Event) []corev1.Event {
	var out []corev1.Event
	for _, e := range events {
		o := e.InvolvedObject
		if o.Kind != "" && o.Kind != "Pod" || o.Name != pod.Name || pod.UID != "" && o.UID != "" && o.UID != pod.UID {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return kube.EventLast(&out[i]).Before(kube.EventLast(&out[j])) })
	return out
}

// lastEvent returns the newest Event about container (any container when it
// is "") whose reason is one of reasons and whose message passes ok (nil:
// any).
func (d *diag) lastEvent(container string, ok func(string) bool, reasons ...string) *corev1.Event {
	for i := len(d.events) - 1; i >= 0; i-- {
		e := &d.events[i]
		if !contains(reasons, e.Reason) || container != "" && containerOf(e) != "" && containerOf(e) != container {
			continue
		}
		if ok == nil || ok(e.Message) {
			return e
		}
	}
	return nil
}

func containerOf(e *corev1.Event) string {
	p := e.InvolvedObject.FieldPath
	for _, pre := range []string{"spec.containers{", "spec.initContainers{", "spec.ephemeralContainers{"} {
		if name, ok := strings.CutPrefix(p, pre); ok {
			return strings.TrimSuffix(name, "}")
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// clip makes s one line of at most n runes.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// sentence returns s as a message to quote inside a sentence: one line, no
// final period.
func sentence(s string, n int) string { return strings.TrimRight(clip(s, n), ". ") }

// sidecar reports whether name is a native sidecar: an init container with
// restartPolicy Always, which keeps running by design.
func sidecar(pod *corev1.Pod, name string) bool {
	for _, c := range pod.Spec.InitContainers {
		if c.Name == name {
			return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
		}
	}
	return false
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func command(cmd, args []string) string {
	all := append(append([]string(nil), cmd...), args...)
	if len(all) == 0 {
		return ""
	}
	return clip(shellescape.QuoteCommand(all), 200)
}

// terminatedField returns where c's last termination is: "state.terminated"
// or "lastState.terminated".
func terminatedField(c corev1.ContainerStatus) string {
	if c.State.Terminated != nil {
		return "state.terminated"
	}
	return "lastState.terminated"
}

// backOffOf reads the kubelet's current back-off from a CrashLoopBackOff message.
func backOffOf(msg string) string {
	if m := backOff.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// specOf returns the spec of the Pod's container (or init container) called
// name, or nil.
func specOf(pod *corev1.Pod, name string) *corev1.Container {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}
