package diagnose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// recorded reads Pods, Events and Services recorded with kubectl from the
// test cluster (testdata/recorded/*.json: `kubectl get pods -o json` and so
// on, in a namespace where each Pod goes wrong in one way; logs.json holds
// the log lines kpod why read, by Pod and container).
func recorded(t *testing.T) (pods map[string]*corev1.Pod, events []corev1.Event, services []corev1.Service, logs map[string]map[string]string, now time.Time) {
	t.Helper()
	read := func(name string, v any) {
		b, err := os.ReadFile("testdata/recorded/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var pl corev1.PodList
	var el corev1.EventList
	var sl corev1.ServiceList
	var meta struct {
		Now time.Time `json:"now"`
	}
	read("pods.json", &pl)
	read("events.json", &el)
	read("services.json", &sl)
	read("logs.json", &logs)
	read("now.json", &meta)
	pods = map[string]*corev1.Pod{}
	for i := range pl.Items {
		pods[pl.Items[i].Name] = &pl.Items[i]
	}
	return pods, el.Items, sl.Items, logs, meta.Now
}

// Each recorded Pod gets the cause it really had on the cluster.
func TestRecordedPods(t *testing.T) {
	pods, events, services, logs, now := recorded(t)
	cases := []struct {
		pod, want, variant string
		says               []string // in the English cause
	}{
		{"selector", Unschedulable, "selector", []string{"disk=ssd"}},
		{"pvc", Unschedulable, "pvc", []string{"PersistentVolumeClaim data"}},
		{"gated", Unschedulable, "gated", []string{"example.com/wait"}},
		{"sandbox", Sandbox, "runtime-class", []string{"why-e2e-no-handler", "no-such-handler"}},
		{"never-pull", ImagePull, "never-pull", []string{"kpod.local/none:1.0"}},
		{"invalid", ImagePull, "invalid", []string{"kpod.local/Shell:1.0"}},
		{"private", ImagePull, "unreachable", []string{"registry.example.com/team/private:1.0", "could not reach"}},
		{"initcfg", ConfigError, "missing", []string{"no-such-config"}},
		{"notfound", StartError, "not-found", []string{"no-such-cmd"}},
		{"noexec", StartError, "not-executable", []string{"/etc/hostname", "permission denied"}},
		{"poststart", StartError, "post-start", []string{"sh -c 'exit 1'"}},
		{"exit127", CrashLoop, "exit", []string{"exit code 127", "command not found"}},
		{"exit126", CrashLoop, "exit", []string{"exit code 126", "cannot execute"}},
		{"exit139", CrashLoop, "exit", []string{"exit code 139", "SIGSEGV"}},
		{"exit143", CrashLoop, "exit", []string{"exit code 143", "SIGTERM"}},
		{"completed", CrashLoop, "completed", []string{"exits with code 0", "restartPolicy is Always", "2m40s"}},
		{"sidecar", CrashLoop, "sidecar", []string{"Sidecar container log", "exit code 2"}},
		{"ready", ProbeFailing, "refused", []string{"Service web", "endpointslices"}},
		{"startup", ProbeFailing, "refused", []string{"3 failures in a row, 3s"}},
		{"evicted", Evicted, "storage", []string{"ephemeral-storage", "2Mi"}},
		{"finalizer", Terminating, "finalizers", []string{"kpod.dev/why-e2e"}},
		{"oom", OOMKilled, "limit", []string{"64Mi"}},
	}
	for _, tc := range cases {
		t.Run(tc.pod, func(t *testing.T) {
			p := pods[tc.pod]
			if p == nil {
				t.Fatalf("no recorded pod %s", tc.pod)
			}
			in := Input{Pod: p, Events: events, Services: services, Logs: logs[tc.pod], Now: now}
			d := check(t, in, tc.want, tc.variant)
			has(t, "cause", d.Cause, tc.says...)
		})
	}
}

// containerd may report the OOM kill of a child process as reason Error,
// exit 137: with a memory limit and the shell's "Killed" line (or an
// OOMKilled seen before, by kpod why -w) kpod says "probably".
func TestProbablyOOM(t *testing.T) {
	pods, events, _, logs, now := recorded(t)
	p := pods["oom"].DeepCopy()
	for _, end := range []*corev1.ContainerStateTerminated{p.Status.ContainerStatuses[0].State.Terminated, p.Status.ContainerStatuses[0].LastTerminationState.Terminated} {
		if end != nil {
			end.Reason = "Error"
		}
	}
	d := check(t, Input{Pod: p, Events: events, Logs: logs["oom"], Now: now}, OOMKilled, "probably")
	has(t, "cause", d.Cause, "64Mi", "Killed", "probably")
	check(t, Input{Pod: p, Events: events, Now: now, OOMSeen: map[string]bool{"hog": true}}, OOMKilled, "probably")
	// No sign of the OOM killer: a crash, exit 137 decoded.
	d = check(t, Input{Pod: p, Events: events, Now: now}, CrashLoop, "exit")
	has(t, "cause", d.Cause, "SIGKILL")
}

// A taint and a node gone, from the scheduler's and the API's own words
// (the e2e rows taint and node-gone cause them for real, on a Node object
// of the test's own).
func TestTaintAndNodeGone(t *testing.T) {
	p := pod("tainted", corev1.Container{Name: "app", Image: "busybox:1.37"})
	p.Spec.NodeName = ""
	ev := event(p, "", "Warning", "FailedScheduling", "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", 1, 5)
	d := check(t, Input{Pod: p, Events: []corev1.Event{ev}}, Unschedulable, "taint")
	has(t, "cause", d.Cause, "{dedicated: gpu}")
	// On kind the control plane's taint is beside the real reason.
	ev.Message = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
	check(t, Input{Pod: p, Events: []corev1.Event{ev}}, Unschedulable, "selector")
	// The selector lets one node through, and that node is tainted: the
	// taint is the reason (the e2e row taint's own message).
	ev.Message = "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {kpod.dev/e2e-ghost: x}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
	d = check(t, Input{Pod: p, Events: []corev1.Event{ev}}, Unschedulable, "taint")
	has(t, "cause", d.Cause, "{kpod.dev/e2e-ghost: x}")
	// kind's three nodes and a ghost: the scheduler names no taint, since
	// it checks taints before the selector; the nodes tell.
	ev.Message = "0/4 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint(s). preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."
	p.Spec.NodeSelector = map[string]string{"ghost": "yes"}
	cp := corev1.Taint{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}
	nodes := []corev1.Node{
		{ObjectMeta: metav1.ObjectMeta{Name: "control-plane"}, Spec: corev1.NodeSpec{Taints: []corev1.Taint{cp}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "worker"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "ghost", Labels: map[string]string{"ghost": "yes"}},
			Spec: corev1.NodeSpec{Taints: []corev1.Taint{{Key: "node.kubernetes.io/not-ready", Effect: corev1.TaintEffectNoSchedule},
				{Key: "kpod.dev/e2e-ghost", Value: "x", Effect: corev1.TaintEffectNoSchedule}}}},
	}
	check(t, Input{Pod: p, Events: []corev1.Event{ev}}, Unschedulable, "selector")
	d = check(t, Input{Pod: p, Events: []corev1.Event{ev}, Nodes: nodes}, Unschedulable, "taint")
	has(t, "cause", d.Cause, "{kpod.dev/e2e-ghost: x}")
	p.Spec.Tolerations = []corev1.Toleration{{Operator: corev1.TolerationOpExists}}
	check(t, Input{Pod: p, Events: []corev1.Event{ev}, Nodes: nodes}, Unschedulable, "selector")
	p.Spec.NodeSelector, p.Spec.Tolerations = nil, nil

	g := pod("stuck", corev1.Container{Name: "app", Image: "busybox:1.37"})
	g.Status.Phase = corev1.PodRunning
	del := at(10)
	g.DeletionTimestamp = &del
	in := Input{Pod: g, NodeGone: true, Now: t0.Add(5 * time.Minute)}
	d = check(t, in, Terminating, "node")
	has(t, "cause", d.Cause, "node-1", "4m50s")
	in.NodeGone, in.Node = false, &corev1.Node{Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionUnknown}}}}
	check(t, in, Terminating, "node")
	// Just deleted: not stuck yet.
	in.Now = t0.Add(20 * time.Second)
	if d := Diagnose(in, text.Scene{Lang: "en"}); d.Case == Terminating {
		t.Errorf("stuck right after its deletion: %+v", d)
	}
}

// A Deployment and a Job whose Pods a ResourceQuota refuses (recorded), and
// a Pod Security refusal (the API server's own words).
func TestNotCreated(t *testing.T) {
	_, events, _, _, _ := recorded(t)
	for _, o := range []Owner{
		{Kind: "Deployment", Name: "quota", Namespace: "why-e2e-rec", Creator: "replicaset/quota-7899c74f8f", Want: 1, Events: events},
		{Kind: "Job", Name: "quota", Namespace: "why-e2e-rec", Creator: "job/quota", Want: 1, Events: events},
	} {
		var en Diagnosis
		for _, lang := range []string{"en", "ko"} {
			d, ok := DiagnoseOwner(o, text.Scene{Lang: lang})
			if !ok || d.Case != NotCreated || d.Variant != "quota" || len(d.Hints) != 3 || len(d.Evidence) != 1 {
				t.Fatalf("%s %s: %v %+v", o.Creator, lang, ok, d)
			}
			if lang == "en" {
				en = d
				has(t, "cause", d.Cause, "must specify limits.memory for: app", strings.ToLower(o.Kind)+"/quota")
			} else if d.Cause == en.Cause || strings.Contains(d.Cause, "{{") {
				t.Errorf("ko: %s", d.Cause)
			}
			if e := d.Evidence[0]; e.Command != "kubectl events --for "+o.Creator+" -n why-e2e-rec" || e.Reason != "FailedCreate" {
				t.Errorf("evidence %+v", e)
			}
		}
	}
	// Every Pod there: nothing to say.
	if _, ok := DiagnoseOwner(Owner{Kind: "Job", Name: "quota", Creator: "job/quota", Want: 1, Have: 1, Events: events}, text.Scene{Lang: "en"}); ok {
		t.Error("a refusal said while the Pods are there")
	}
	ev := corev1.Event{Reason: "FailedCreate", InvolvedObject: corev1.ObjectReference{Kind: "ReplicaSet", Name: "web-1"},
		Message: `Error creating: pods "web-1-x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)`}
	d, ok := DiagnoseOwner(Owner{Kind: "Deployment", Name: "web", Namespace: "class", Creator: "replicaset/web-1", Want: 1, Events: []corev1.Event{ev}}, text.Scene{Lang: "en"})
	if !ok || d.Variant != "pod-security" {
		t.Errorf("pod security: %+v", d)
	}
	ev.Message = `Error creating: pods "web-1-x" is forbidden: maximum memory usage per Container is 64Mi, but limit is 128Mi`
	if d, _ := DiagnoseOwner(Owner{Kind: "Deployment", Name: "web", Creator: "replicaset/web-1", Want: 1, Events: []corev1.Event{ev}}, text.Scene{Lang: "en"}); d.Variant != "limit-range" {
		t.Errorf("limit range: %+v", d)
	}
}
