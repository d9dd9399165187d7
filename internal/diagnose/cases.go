package diagnose

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kpod-dev/kpod/internal/kube"
)

var (
	quotedImage  = regexp.MustCompile(`image "([^"]+)"`)
	refusedPort  = regexp.MustCompile(`dial tcp \[?[0-9A-Za-z.:%-]*\]?:(\d+): connect: connection refused`)
	httpStatus   = regexp.MustCompile(`HTTP probe failed with statuscode: (\d+)`)
	taintText    = regexp.MustCompile(`untolerated taint\(?s?\)?:? ?(\{[^}]*\})`)
	backOff      = regexp.MustCompile(`back-off (\S+) restarting`)
	insufficient = regexp.MustCompile(`Insufficient ([A-Za-z0-9./_-]*[A-Za-z0-9])`)
	objMissing   = regexp.MustCompile(`(configmap|secret) "([^"]+)" not found`)
	keyMissing   = regexp.MustCompile(`couldn't find key (\S+) in (ConfigMap|Secret) ([^/\s]+)/(\S+)`)
	notResolved  = []*regexp.Regexp{
		regexp.MustCompile(`server can't find ([^\s:']+)`),
		regexp.MustCompile(`can't resolve '([^']+)'`),
		regexp.MustCompile(`bad address '([^']+)'`),
		regexp.MustCompile(`[Cc]ould not resolve host:? '?([^\s']+)`),
		regexp.MustCompile(`lookup ([^\s:]+)(?: on \S+)?: no such host`),
		regexp.MustCompile(`([^\s:']+): (?:Name or service not known|Temporary failure in name resolution)`),
	}
)

// imagePull: the kubelet cannot get the container's image.
func (d *diag) imagePull(c corev1.ContainerStatus, spec *corev1.Container) bool {
	w := c.State.Waiting
	image := c.Image
	if spec != nil {
		image = spec.Image
	}
	ev := d.lastEvent(c.Name, func(m string) bool { return strings.HasPrefix(m, "Failed to pull image") }, "Failed")
	msg := w.Message
	if ev != nil {
		msg = ev.Message
		if m := quotedImage.FindStringSubmatch(ev.Message); m != nil {
			image = m[1]
		}
	}
	variant := "other"
	low := strings.ToLower(msg)
	switch {
	case w.Reason == "InvalidImageName":
		variant = "invalid"
	case w.Reason == "ErrImageNeverPull":
		variant = "never-pull"
	case containsAny(low, "no such host", "i/o timeout", "connection refused", "network is unreachable", "tls handshake timeout",
		"server misbehaving", "no route to host", "connection reset", "dial tcp"):
		variant = "unreachable"
	case containsAny(low, "pull access denied", "unauthorized", "authorization failed", "403 forbidden", "401"):
		variant = "denied"
	case containsAny(low, "not found", "manifest unknown", "notfound"):
		variant = "not-found"
	}
	repo, tag := splitImage(image)
	d.set(ImagePull, variant, func(f *Details) {
		f.Image, f.Repo, f.Tag = image, repo, tag
		f.Message = sentence(pullError(msg, image), 300)
	})
	d.addEvent(ev)
	d.addField(d.facts.statusField(c.Name, "state.waiting.reason"), w.Reason)
	return true
}

// pullError keeps the registry's own words: what follows the image name.
func pullError(msg, image string) string {
	if _, rest, ok := strings.Cut(msg, fmt.Sprintf("%q: ", image)); ok {
		msg = rest
	}
	return strings.TrimSpace(msg)
}

// splitImage splits an image reference into repository and tag (or digest).
func splitImage(image string) (repo, tag string) {
	if r, digest, ok := strings.Cut(image, "@"); ok {
		return r, digest
	}
	slash := strings.LastIndex(image, "/")
	if colon := strings.LastIndex(image, ":"); colon > slash {
		return image[:colon], image[colon+1:]
	}
	return image, "latest"
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// configError: the container needs a ConfigMap, Secret or key that is not there.
func (d *diag) configError(c corev1.ContainerStatus, msg string) bool {
	d.configFacts(msg)
	d.addEvent(d.lastEvent(c.Name, func(m string) bool { return strings.Contains(m, strings.TrimSpace(msg)) }, "Failed"))
	d.addField(d.facts.statusField(c.Name, "state.waiting.message"), msg)
	return true
}

func (d *diag) configFacts(msg string) {
	variant := "other"
	var kind, name, key string
	if m := keyMissing.FindStringSubmatch(msg); m != nil {
		variant, key, kind, name = "key", m[1], m[2], m[4]
	} else if m := objMissing.FindStringSubmatch(msg); m != nil {
		variant, name = "missing", m[2]
		kind = map[string]string{"configmap": "ConfigMap", "secret": "Secret"}[m[1]]
	}
	d.set(ConfigError, variant, func(f *Details) {
		f.Kind, f.Name, f.Key, f.Message = kind, name, key, clip(msg, 300)
	})
}

// mountFailed: a volume from a missing ConfigMap or Secret keeps the Pod in
// ContainerCreating.
func (d *diag) mountFailed() bool {
	if d.pod.Spec.NodeName == "" || d.pod.Status.Phase != corev1.PodPending {
		return false
	}
	ev := d.lastEvent("", func(m string) bool { return objMissing.MatchString(m) }, "FailedMount")
	if ev == nil {
		return false
	}
	d.facts.Container = ""
	d.configFacts(ev.Message)
	d.out.Variant = "volume"
	d.addEvent(ev)
	return true
}

// startError: the runtime could not start the container's process.
func (d *diag) startError(c corev1.ContainerStatus, msg string) bool {
	spec := d.spec(c.Name)
	variant := "other"
	switch {
	case containsAny(msg, "executable file not found", "no such file or directory"):
		variant = "not-found"
	case strings.Contains(msg, "permission denied"):
		variant = "not-executable"
	}
	d.set(StartError, variant, func(f *Details) {
		f.Message = clip(msg, 300)
		if spec != nil {
			f.Image = spec.Image
			f.Command = command(spec.Command, spec.Args)
		}
	})
	if c.State.Waiting != nil && c.State.Waiting.Message == msg {
		d.addField(d.facts.statusField(c.Name, "state.waiting.message"), msg)
	} else if c.State.Terminated != nil && c.State.Terminated.Message == msg {
		d.addField(d.facts.statusField(c.Name, "state.terminated.message"), msg)
	} else {
		d.addField(d.facts.statusField(c.Name, "lastState.terminated.message"), msg)
	}
	return true
}

func command(cmd, args []string) string {
	all := append(append([]string(nil), cmd...), args...)
	if len(all) == 0 {
		return ""
	}
	return clip(shellescape.QuoteCommand(all), 200)
}

// terminatedField is where the last termination is: the current state or lastState.
func terminatedField(c corev1.ContainerStatus) string {
	if c.State.Terminated != nil {
		return "state.terminated"
	}
	return "lastState.terminated"
}

// crashLoop: the container exits and the kubelet keeps restarting it.
func (d *diag) crashLoop(c corev1.ContainerStatus, spec *corev1.Container, last *corev1.ContainerStateTerminated) bool {
	variant := "exit"
	switch {
	case d.facts.Init && sidecar(d.pod, c.Name):
		variant = "sidecar"
	case d.facts.Init:
		variant = "init"
	case c.State.Terminated != nil && d.pod.Spec.RestartPolicy == corev1.RestartPolicyNever:
		variant = "failed"
	case last.ExitCode == 0:
		variant = "completed"
	}
	d.set(CrashLoop, variant, func(f *Details) {
		f.ExitCode, f.Reason = last.ExitCode, last.Reason
		if spec != nil {
			f.Command = command(spec.Command, spec.Args)
		}
		if w := c.State.Waiting; w != nil {
			f.BackOff = backOffOf(w.Message)
		}
	})
	d.addField(d.facts.statusField(c.Name, terminatedField(c)+".exitCode"), strconv.Itoa(int(last.ExitCode)))
	d.addEvent(d.lastEvent(c.Name, nil, "BackOff"))
	d.facts.Previous = c.State.Terminated == nil
	d.facts.LogLine = lastLine(d.addLogs(c.Name, d.facts.Previous, nil))
	return true
}

// oomKilled: the container went over its memory limit and the kernel killed it.
func (d *diag) oomKilled(c corev1.ContainerStatus, spec *corev1.Container, last *corev1.ContainerStateTerminated) bool {
	variant := "no-limit"
	d.set(OOMKilled, variant, func(f *Details) {
		f.ExitCode, f.Reason = last.ExitCode, last.Reason
		f.Used = d.in.Used[c.Name]
		if spec != nil {
			if q, ok := spec.Resources.Limits[corev1.ResourceMemory]; ok {
				f.Limit = q.String()
				d.out.Variant = "limit"
			}
		}
		if last.Reason != "OOMKilled" {
			d.out.Variant = "probably"
		}
		if w := c.State.Waiting; w != nil {
			f.BackOff = backOffOf(w.Message)
		}
	})
	d.addField(d.facts.statusField(c.Name, terminatedField(c)+".reason"), last.Reason)
	if d.facts.Limit != "" {
		d.addField(d.facts.specField(c.Name, "resources.limits.memory"), d.facts.Limit)
	}
	d.facts.Previous = c.State.Terminated == nil
	d.facts.LogLine = lastLine(d.addLogs(c.Name, d.facts.Previous, nil))
	return true
}

// unschedulable: no node can take the Pod.
func (d *diag) unschedulable() bool {
	pod := d.pod
	if pod.Spec.NodeName != "" {
		return false
	}
	ev := d.lastEvent("", nil, "FailedScheduling")
	var cond *corev1.PodCondition
	for i := range pod.Status.Conditions {
		if c := &pod.Status.Conditions[i]; c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			cond = c
		}
	}
	gated := kube.Condition(pod, corev1.PodScheduled) == corev1.ConditionFalse && len(pod.Spec.SchedulingGates) > 0
	if ev == nil && cond == nil && !gated {
		return false
	}
	msg := ""
	if cond != nil {
		msg = cond.Message
	}
	if ev != nil {
		msg = ev.Message
	}
	variant := "other"
	var resName, taint, claim string
	switch m := insufficient.FindStringSubmatch(msg); {
	case gated:
		variant = "gated"
	case m != nil:
		variant, resName = "insufficient", m[1]
	case strings.Contains(msg, "unbound immediate PersistentVolumeClaims") || strings.Contains(msg, "persistentvolumeclaim"):
		variant = "pvc"
		claim = claims(pod)
	case strings.Contains(msg, "didn't match Pod's node affinity/selector"):
		variant = "selector"
	case strings.Contains(msg, "untolerated taint"): // last: a control plane's taint rules out its node on most clusters
		variant = "taint"
		if t := taintText.FindStringSubmatch(msg); t != nil {
			taint = t[1]
		}
	}
	d.set(Unschedulable, variant, func(f *Details) {
		f.Message, f.Resource, f.Taint, f.Claim = sentence(msg, 400), resName, taint, claim
		if resName != "" {
			f.Request = podRequest(pod, corev1.ResourceName(resName))
		}
		if variant == "selector" {
			f.Selector = selectorText(pod)
		}
	})
	d.addEvent(ev)
	if gated {
		var names []string
		for _, g := range pod.Spec.SchedulingGates {
			names = append(names, g.Name)
		}
		d.facts.Gates = strings.Join(names, ", ")
		d.addField(`{.status.conditions[?(@.type=="PodScheduled")].reason}`, string(corev1.PodReasonSchedulingGated))
		d.addField("{.spec.schedulingGates[*].name}", strings.Join(names, " "))
		return true
	}
	if cond != nil {
		d.addField(`{.status.conditions[?(@.type=="PodScheduled")].reason}`, cond.Reason)
	}
	switch {
	case variant == "selector" && len(pod.Spec.NodeSelector) > 0:
		d.addField("{.spec.nodeSelector}", nodeSelectorJSON(pod))
	case variant == "pvc" && claim != "":
		d.addField("{.spec.volumes[*].persistentVolumeClaim.claimName}", claim)
	}
	if d.facts.Request != "" {
		var each []string
		for _, c := range pod.Spec.Containers {
			if q, ok := c.Resources.Requests[corev1.ResourceName(resName)]; ok {
				each = append(each, q.String())
			}
		}
		d.addField(fmt.Sprintf("{.spec.containers[*].resources.requests.%s}", jsonpathKey(resName)), strings.Join(each, " "))
	}
	return true
}

// jsonpathKey escapes the dots of a resource name (nvidia.com/gpu) for JSONPath.
func jsonpathKey(name string) string { return strings.ReplaceAll(name, ".", `\.`) }

// podRequest adds up what the Pod's containers request of a resource, as
// the scheduler does: the app containers' sum, or the largest init container.
func podRequest(pod *corev1.Pod, name corev1.ResourceName) string {
	sum := resource.Quantity{}
	for _, c := range pod.Spec.Containers {
		if q, ok := c.Resources.Requests[name]; ok {
			sum.Add(q)
		}
	}
	for _, c := range pod.Spec.InitContainers {
		if q, ok := c.Resources.Requests[name]; ok && q.Cmp(sum) > 0 {
			sum = q.DeepCopy()
		}
	}
	if sum.IsZero() {
		return ""
	}
	return sum.String()
}

// unresolved returns the name a log line says could not be resolved.
func unresolved(line string) string {
	for _, re := range notResolved {
		if m := re.FindStringSubmatch(line); m != nil {
			return strings.TrimSuffix(m[1], ".")
		}
	}
	return ""
}

// initStuck: an init container runs and does not finish.
func (d *diag) initStuck(c corev1.ContainerStatus) bool {
	host := ""
	for _, l := range strings.Split(d.in.Logs[c.Name], "\n") {
		if h := unresolved(l); h != "" {
			host = h
		}
	}
	lines := d.addLogs(c.Name, false, func(l string) bool { return unresolved(l) != "" })
	variant := "running"
	if host != "" {
		variant = "dns"
	}
	d.set(InitStuck, variant, func(f *Details) {
		f.Host = host
		f.Service, _, _ = strings.Cut(host, ".")
		if spec := d.spec(c.Name); spec != nil {
			f.Command = command(spec.Command, spec.Args)
		}
		f.LogLine = lastLine(lines)
	})
	if !c.State.Running.StartedAt.IsZero() {
		d.addField(d.facts.statusField(c.Name, "state.running.startedAt"), c.State.Running.StartedAt.UTC().Format(time.RFC3339))
	}
	return true
}

// fine: nothing above explains the Pod. It is healthy, on its way, or
// something kpod does not know, which it says without guessing.
func (d *diag) fine() {
	pod := d.pod
	d.facts.Container = ""
	warned := false
	for _, e := range d.events {
		warned = warned || e.Type == corev1.EventTypeWarning
	}
	ready := kube.Condition(pod, corev1.PodReady) == corev1.ConditionTrue
	switch {
	case pod.DeletionTimestamp != nil:
	case pod.Status.Phase == corev1.PodSucceeded:
		d.set(Healthy, "succeeded", nil)
		d.addField("{.status.phase}", string(pod.Status.Phase))
		return
	case pod.Status.Phase == corev1.PodRunning && ready:
		d.set(Healthy, "ready", nil)
		d.addField(`{.status.conditions[?(@.type=="Ready")].status}`, "True")
		return
	case pod.Status.Phase == corev1.PodPending && !warned && d.startingState():
		d.set(Starting, "", nil)
		d.addField("{.status.phase}", string(pod.Status.Phase))
		return
	}
	d.set(Unknown, "", func(f *Details) { f.Seen = d.seen() })
	d.addField("{.status.phase}", string(pod.Status.Phase))
	for i := len(d.events) - 1; i >= 0; i-- {
		if d.events[i].Type == corev1.EventTypeWarning {
			d.addEvent(&d.events[i])
			break
		}
	}
}

// startingState: every container is waiting for a reason that means progress.
func (d *diag) startingState() bool {
	for _, list := range [][]corev1.ContainerStatus{d.pod.Status.InitContainerStatuses, d.pod.Status.ContainerStatuses} {
		for _, c := range list {
			if w := c.State.Waiting; w != nil && w.Reason != "" && w.Reason != "ContainerCreating" && w.Reason != "PodInitializing" {
				return false
			}
		}
	}
	return true
}

// seen says what kpod sees, in the cluster's own words.
func (d *diag) seen() string {
	pod := d.pod
	parts := []string{"phase " + orNone(string(pod.Status.Phase)), "STATUS " + d.out.State, "READY " + kube.Ready(pod)}
	if pod.DeletionTimestamp != nil {
		parts = append(parts, "deletionTimestamp "+pod.DeletionTimestamp.UTC().Format(time.RFC3339))
	}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			s := "container " + c.Name + ": "
			switch {
			case c.State.Waiting != nil:
				s += "waiting " + c.State.Waiting.Reason
			case c.State.Running != nil:
				s += "running"
			case c.State.Terminated != nil:
				s += fmt.Sprintf("terminated %s exit code %d", c.State.Terminated.Reason, c.State.Terminated.ExitCode)
			default:
				s += "no state"
			}
			if c.RestartCount > 0 {
				s += fmt.Sprintf(", %d restarts", c.RestartCount)
			}
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return clip(strings.Join(parts, "; "), 600)
}

func orNone(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

// claims lists the PersistentVolumeClaims the Pod's volumes use.
func claims(pod *corev1.Pod) string {
	var names []string
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			names = append(names, v.PersistentVolumeClaim.ClaimName)
		}
	}
	return strings.Join(names, " ")
}

// selectorText is the Pod's nodeSelector as KEY=VALUE, sorted.
func selectorText(pod *corev1.Pod) string {
	var kv []string
	for k, v := range pod.Spec.NodeSelector {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, ", ")
}

// nodeSelectorJSON is what kubectl's JSONPath prints for .spec.nodeSelector.
func nodeSelectorJSON(pod *corev1.Pod) string {
	b, _ := json.Marshal(pod.Spec.NodeSelector)
	return string(b)
}
