package diagnose

import (
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

var (
	objMissing = regexp.MustCompile(`(configmap|secret) "([^"]+)" not found`)
	keyMissing = regexp.MustCompile(`couldn't find key (\S+) in (ConfigMap|Secret) ([^/\s]+)/(\S+)`)
)

// configError: the container needs a ConfigMap, Secret or key that is not there.
type configError struct{}

func (configError) match(d *diag, c *ctr) bool {
	return waitingFor(c, "CreateContainerConfigError")
}

func (configError) explain(d *diag, c *ctr) {
	msg := c.status.State.Waiting.Message
	d.set(ConfigError, configFacts(&d.facts, msg))
	d.addEvent(d.lastEvent(c.status.Name, func(m string) bool { return strings.Contains(m, strings.TrimSpace(msg)) }, "Failed"))
	d.addField(d.facts.statusField(c.status.Name, "state.waiting.message"), msg)
}

// mountFailed: a volume from a missing ConfigMap or Secret keeps the Pod in
// ContainerCreating.
type mountFailed struct{}

func (mountFailed) match(d *diag) bool {
	return d.pod.Spec.NodeName != "" && d.pod.Status.Phase == corev1.PodPending && mountEvent(d) != nil
}

func (mountFailed) explain(d *diag) {
	ev := mountEvent(d)
	d.facts.Container = ""
	configFacts(&d.facts, ev.Message)
	d.set(ConfigError, "volume")
	d.addEvent(ev)
}

func mountEvent(d *diag) *corev1.Event {
	return d.lastEvent("", func(m string) bool { return objMissing.MatchString(m) }, "FailedMount")
}

// configFacts reads what is missing from the kubelet's message, and returns
// the variant it makes.
func configFacts(f *Details, msg string) (variant string) {
	variant = "other"
	var kind, name, key string
	if m := keyMissing.FindStringSubmatch(msg); m != nil {
		variant, key, kind, name = "key", m[1], m[2], m[4]
	} else if m := objMissing.FindStringSubmatch(msg); m != nil {
		variant, name = "missing", m[2]
		kind = map[string]string{"configmap": "ConfigMap", "secret": "Secret"}[m[1]]
	}
	f.Kind, f.Name, f.Key, f.Message = kind, name, key, clip(msg, 300)
	return variant
}
