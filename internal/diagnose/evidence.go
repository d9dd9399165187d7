package diagnose

import (
	"fmt"
	"strings"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// kubectl is the command a student types, with the Pod's namespace.
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

// statusField is the JSONPath of a field in a container's status.
func (f *Details) statusField(name, rest string) string {
	list := "containerStatuses"
	if f.Init {
		list = "initContainerStatuses"
	}
	return fmt.Sprintf(`{.status.%s[?(@.name=="%s")].%s}`, list, name, rest)
}

// specField is the JSONPath of a field in a container's spec.
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

// lastLine is the last line with something on it.
func lastLine(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return clip(l, 200)
		}
	}
	return ""
}
