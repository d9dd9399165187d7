package practice

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// word is one rule a task file may name: what its argument is (""
// for none), what it holds for, and how it is built.
type word struct {
	Arg   string
	Doc   string
	build func(arg json.RawMessage) (Rule, error)
}

// Vocabulary returns the checks a task file may name, by name; docs/tasks.md
// shows the same table (a test keeps them equal).
func Vocabulary() map[string]struct{ Arg, Doc string } {
	out := map[string]struct{ Arg, Doc string }{}
	for k, v := range vocabulary {
		out[k] = struct{ Arg, Doc string }{v.Arg, v.Doc}
	}
	return out
}

func plain(c Rule) func(json.RawMessage) (Rule, error) {
	return func(json.RawMessage) (Rule, error) { return c, nil }
}

func withString(fn func(string) Rule) func(json.RawMessage) (Rule, error) {
	return func(raw json.RawMessage) (Rule, error) {
		var s string
		if err := strict(raw, &s); err != nil || s == "" {
			return nil, fmt.Errorf("wants a string, not %s", raw)
		}
		return fn(s), nil
	}
}

func withInt(fn func(int) Rule) func(json.RawMessage) (Rule, error) {
	return func(raw json.RawMessage) (Rule, error) {
		var n int
		if err := strict(raw, &n); err != nil || n < 0 {
			return nil, fmt.Errorf("wants a number, not %s", raw)
		}
		return fn(n), nil
	}
}

// withStrings takes a string or a list of strings.
func withStrings(fn func([]string) Rule) func(json.RawMessage) (Rule, error) {
	return func(raw json.RawMessage) (Rule, error) {
		var one string
		if strict(raw, &one) == nil && one != "" {
			return fn([]string{one}), nil
		}
		var list []string
		if err := strict(raw, &list); err != nil || len(list) == 0 {
			return nil, fmt.Errorf("wants a string or a list of strings, not %s", raw)
		}
		return fn(list), nil
	}
}

var vocabulary = map[string]word{
	"image": {"role: web or shell", "a container runs the image of that role", withString(Image)},
	"port":  {"number", "a container declares that containerPort", withInt(func(n int) Rule { return Port(int32(n)) })},
	"ready": {"", "the Pod is Ready (every container ready)", plain(Ready)},
	"ownPorts": {"", "each app container declares a containerPort no other container declares, and its readinessProbe (httpGet or tcpSocket) knocks on a port it declares",
		plain(OwnPorts)},
	"started":        {"", "every container started: Ready, or Succeeded for a Pod that runs once", plain(Started)},
	"succeeded":      {"", "the Pod finished, every container exited 0", plain(Succeeded)},
	"exitCode":       {"number", "a container's last run ended with that exit code", withInt(func(n int) Rule { return ExitCode(int32(n)) })},
	"notNamed":       {"Pod name", "any Pod but that one", withString(NotNamed)},
	"callsIPOf":      {"Pod name", "a container's command holds that Pod's IP (reaches it at its own address)", withString(CallsIPOf)},
	"containers":     {"number", "at least that many app containers", withInt(Containers)},
	"sharedEmptyDir": {"", "two containers mount the same emptyDir volume", plain(SharedEmptyDir)},
	"sharedFile":     {"", "a container writes a file (> or >>) on an emptyDir volume and another container reads that same file", plain(SharedFile)},
	"writesShared":   {"", "a container writes a file (> or >>) on an emptyDir volume another container mounts too", plain(WritesShared)},
	"readinessPath":  {"path or list", "a container has an httpGet readiness probe on that path (one of them)", withStrings(func(p []string) Rule { return ReadinessPath(p...) })},
	"servedBy":       {"Service name", "that Service exists and its selector matches the Pod's labels", withString(ServedBy)},
	"mentions":       {"word or list", "a container's command holds one of the words", withStrings(func(w []string) Rule { return Mentions(w...) })},
	"initContainers": {"number", "at least that many init containers that run to completion", withInt(InitContainers)},
	"initMentions":   {"word", "an init container's command holds the word", withString(InitMentions)},
	"service":        {"Service name", "that Service exists in the namespace", withString(Service)},
	"initialized":    {"", "every init container finished", plain(Initialized)},
	"qos":            {"Guaranteed, Burstable or BestEffort", "the Pod's QoS class", withString(func(s string) Rule { return QoS(corev1.PodQOSClass(s)) })},
	"memoryLimit":    {"", "a container has a memory limit", plain(MemoryLimit)},
	"oomKilled":      {"", "a container was killed for going over its memory limit", plain(OOMKilled)},
	"unschedulable":  {"", "the scheduler found no node for the Pod", plain(Unschedulable)},
	"unschedulableFor": {"resource: cpu, memory ...", "the scheduler found no node because none has enough of that resource",
		withString(UnschedulableFor)},
	"env":       {"{name, value}", "a container sets the variable to that value", withEnv(func(e envArg) Rule { return Env(e.Name, *e.Value) })},
	"envPrefix": {"{name, prefix}", "a container sets the variable to a value that starts with prefix and has more after it", withEnv(func(e envArg) Rule { return EnvPrefix(e.Name, e.Prefix) })},
	"envFromConfigMap": {"{name, configMap}", "a container takes the variable from a key of that ConfigMap",
		withEnv(func(e envArg) Rule { return EnvFromConfigMap(e.Name, e.ConfigMap) })},
	"envField":     {"{name, fieldPath}", "a container takes the variable from that Downward API field", withEnv(func(e envArg) Rule { return EnvField(e.Name, e.FieldPath) })},
	"liveness":     {"optional: kind or list (httpGet, tcpSocket, exec, grpc)", "a container has a liveness probe of that kind", livenessWord},
	"livenessPath": {"path", "the httpGet liveness probe asks for that path", withString(LivenessPath)},
	"livenessEvery": {"seconds", "the liveness probe runs that often (periodSeconds)",
		withInt(func(n int) Rule { return LivenessEvery(int32(n)) })},
	"livenessOnPort":      {"", "the liveness probe knocks on a port the container declares", plain(LivenessOnPort)},
	"healthy":             {"", "Ready, never restarted, and the liveness probe has had two periods to fail and did not", plain(Healthy)},
	"restarted":           {"", "the kubelet restarted a container of the Pod", plain(Restarted)},
	"restartedByLiveness": {"", "the kubelet restarted a container because its liveness probe failed", plain(RestartedByLiveness)},
	"nativeSidecar":       {"word", "an init container with restartPolicy Always whose command holds the word", withString(NativeSidecar)},
	"sidecarShares":       {"", "a native sidecar mounts a volume an app container mounts", plain(SidecarShares)},
	"mirror":              {"", "the Pod is the mirror of a static Pod", plain(Mirror)},
	"sandboxFound": {"", "the annotation kpod.dev/sandbox holds 13 or more leading hex digits of the sandbox kpod finds on the Pod's node (node task)",
		plain(SandboxFound)},
}

// envArg is the argument of env, envPrefix and envField.
type envArg struct {
	Name      string  `json:"name"`
	Value     *string `json:"value,omitempty"`
	Prefix    string  `json:"prefix,omitempty"`
	FieldPath string  `json:"fieldPath,omitempty"`
	ConfigMap string  `json:"configMap,omitempty"`
}

func withEnv(fn func(envArg) Rule) func(json.RawMessage) (Rule, error) {
	return func(raw json.RawMessage) (Rule, error) {
		var e envArg
		if err := strict(raw, &e); err != nil {
			return nil, err
		}
		if e.Name == "" {
			return nil, fmt.Errorf("wants a name")
		}
		if e.Value == nil {
			e.Value = new(string)
		}
		return fn(e), nil
	}
}

func livenessWord(raw json.RawMessage) (Rule, error) {
	if raw == nil || string(raw) == "null" {
		return Liveness(), nil
	}
	c, err := withStrings(func(kinds []string) Rule { return Liveness(kinds...) })(raw)
	return c, err
}
