// Package diagnose says why a Pod is in the state it is in, from its status,
// its Events and, where needed, its containers' last log lines. Diagnose
// holds no client: the caller fetches, Diagnose only reads, so it is easy to
// test. Cluster (cluster.go) fetches what lies beside the Pod (logs,
// Services, nodes) the same way for every caller, and Gather makes the
// Input of it. Watch (follow.go) follows a Pod on the timeline's watch and says
// each new diagnosis (kpod why -w).
//
// What kpod knows is a table of causes (causes.go), tried in order; each
// cause is a small type with match and explain, in a file of its family:
// ending.go (terminating, evicted), scheduling.go, start.go (sandbox,
// start errors, postStart hooks), image.go, config.go, crash.go (crash
// loops, OOM kills), probes.go, init.go, fine.go (healthy, starting,
// unknown). evidence.go has what they share; text.go turns the case into words.
package diagnose

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Cases, stable across languages and releases.
const (
	ImagePull     = "image-pull"    // ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull
	CrashLoop     = "crash-loop"    // a container (or init container) keeps exiting
	ProbeFailing  = "probe-failing" // a liveness, readiness or startup probe fails
	Unschedulable = "unschedulable" // Pending with FailedScheduling
	InitStuck     = "init-stuck"    // an init container runs and does not finish
	OOMKilled     = "oom-killed"    // a container went over its memory limit
	ConfigError   = "config-error"  // CreateContainerConfigError: a ConfigMap, Secret or key is missing
	StartError    = "start-error"   // the runtime could not start the container (command not found...)
	Sandbox       = "sandbox"       // FailedCreatePodSandBox: the Pod's sandbox (network, runtime) cannot be made
	Evicted       = "evicted"       // the kubelet evicted the Pod
	Terminating   = "terminating"   // deleted, and still there
	Starting      = "starting"      // nothing wrong yet: the Pod is on its way
	Healthy       = "healthy"       // Running and ready, or Succeeded
	Unknown       = "unknown"       // kpod sees no cause it knows: it says what it sees, no diagnosis
)

// Cases lists every case Diagnose can name.
var Cases = []string{ImagePull, CrashLoop, ProbeFailing, Unschedulable, InitStuck, OOMKilled, ConfigError, StartError,
	Sandbox, Evicted, Terminating, Starting, Healthy, Unknown}

// Input is what Diagnose reads. Events are the Pod's own (others are
// ignored); Logs holds, by container name, the last lines asked for by
// LogsWanted.
type Input struct {
	Pod    *corev1.Pod
	Events []corev1.Event
	Logs   map[string]string
	Used   map[string]string // memory each container used, where the caller knows it
	// Services of the Pod's namespace (for a readiness probe: which ones
	// lose the Pod) and the Pod's node (for a Pod stuck Terminating); nil:
	// not fetched. NodeGone says the Pod's node does not exist.
	Services []corev1.Service
	Node     *corev1.Node
	NodeGone bool
	// Nodes of the cluster, for a Pod with a nodeSelector never scheduled:
	// whether the nodes it selects are tainted. nil: not fetched.
	Nodes []corev1.Node
	// OOMSeen: containers the caller saw OOMKilled earlier (kpod why -w).
	OOMSeen map[string]bool
	Now     time.Time // zero: unknown
}

// Diagnosis is what kpod can say about a Pod.
type Diagnosis struct {
	Pod       string     `json:"pod,omitempty"`
	Object    string     `json:"object,omitempty"` // deployment/web: not a Pod (kpod why deployment/web)
	Namespace string     `json:"namespace"`
	Case      string     `json:"case"`
	Variant   string     `json:"variant,omitempty"` // finer cause: not-found, refused, http-status...
	State     string     `json:"state"`             // the STATUS column of kubectl get pods
	Container string     `json:"container,omitempty"`
	Title     string     `json:"title"` // a few words: "Image not found"
	Cause     string     `json:"cause"` // one or two plain sentences
	Evidence  []Evidence `json:"evidence"`
	Hints     []string   `json:"hints"` // gentle first, the solution last
	Facts     Details    `json:"facts"`
}

// Evidence is one thing in the cluster the diagnosis rests on, and the
// kubectl command that shows it.
type Evidence struct {
	Kind      string `json:"kind"`                // "event", "field" or "logs"
	Reason    string `json:"reason,omitempty"`    // event: its reason
	Count     int32  `json:"count,omitempty"`     // event: how many times
	Field     string `json:"field,omitempty"`     // field: a kubectl JSONPath into the Pod
	Container string `json:"container,omitempty"` // logs: whose
	Previous  bool   `json:"previous,omitempty"`  // logs: of the previous run
	Text      string `json:"text"`                // what the cluster says, as it says it
	Command   string `json:"command"`             // the kubectl command that shows it
}

// Details are what the texts are made from, for programs too.
type Details struct {
	Pod       string `json:"-"`
	Namespace string `json:"-"`
	Container string `json:"-"`
	State     string `json:"-"`
	Init      bool   `json:"init,omitempty"` // the container is an init container
	Previous  bool   `json:"-"`              // its logs are of the previous run

	Image string `json:"image,omitempty"`
	Repo  string `json:"repository,omitempty"`
	Tag   string `json:"tag,omitempty"`

	ExitCode int32  `json:"exitCode,omitempty"`
	Reason   string `json:"reason,omitempty"` // of the last termination
	Restarts int32  `json:"restarts,omitempty"`
	LogLine  string `json:"logLine,omitempty"` // the last line it printed
	Command  string `json:"command,omitempty"` // the container's command, or the exec probe's

	Probe     string `json:"probe,omitempty"` // liveness, readiness, startup
	Port      string `json:"port,omitempty"`  // the port the probe uses
	Ports     string `json:"ports,omitempty"` // the ports the container declares
	Path      string `json:"path,omitempty"`
	Status    string `json:"httpStatus,omitempty"`
	Timeout   int32  `json:"timeoutSeconds,omitempty"`
	Threshold int32  `json:"failureThreshold,omitempty"`
	Output    string `json:"output,omitempty"` // what a probe got, raw

	Resource string `json:"resource,omitempty"` // cpu, memory...
	Request  string `json:"request,omitempty"`  // how much the Pod requests of it
	Limit    string `json:"limit,omitempty"`
	Used     string `json:"used,omitempty"`

	Kind string `json:"kind,omitempty"` // ConfigMap or Secret
	Name string `json:"name,omitempty"`
	Key  string `json:"key,omitempty"`
	Host string `json:"host,omitempty"` // the name an init container waits for

	Taint      string `json:"taint,omitempty"`    // a taint the Pod does not tolerate
	Claim      string `json:"claim,omitempty"`    // a PersistentVolumeClaim the Pod waits for
	Gates      string `json:"gates,omitempty"`    // the Pod's scheduling gates
	Selector   string `json:"selector,omitempty"` // the Pod's nodeSelector
	BackOff    string `json:"backOff,omitempty"`  // how long the kubelet waits before the next start
	Period     int32  `json:"periodSeconds,omitempty"`
	Budget     int32  `json:"budgetSeconds,omitempty"` // a startup probe's failureThreshold × periodSeconds
	Services   string `json:"services,omitempty"`      // Services that select the Pod
	Node       string `json:"node,omitempty"`
	Finalizers string `json:"finalizers,omitempty"`
	Owner      string `json:"owner,omitempty"`   // deployment/web
	Creator    string `json:"creator,omitempty"` // what creates its Pods: replicaset/web-5d9c
	Since      string `json:"-"`                 // how long ago the Pod was deleted

	Message   string `json:"message,omitempty"` // the raw message the cause comes from
	Seen      string `json:"-"`                 // unknown: what kpod sees
	KindText  string `json:"-"`                 // Kind in the reader's language
	Service   string `json:"-"`                 // the Service an init container waits for
	ProbeText string `json:"-"`                 // Probe in the reader's language
}

// LogRequest asks the caller for a container's last log lines.
type LogRequest struct {
	Container string
	Previous  bool // of the run before the current one (kubectl logs --previous)
}

// LogsWanted lists the logs Diagnose can use for this Pod: those of
// containers that stopped or keep stopping, and of init containers still
// running.
func LogsWanted(pod *corev1.Pod) []LogRequest {
	if pod == nil {
		return nil
	}
	var out []LogRequest
	for i, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, c := range list {
			switch {
			case c.State.Terminated != nil && (c.State.Terminated.ExitCode != 0 || c.RestartCount > 0):
				out = append(out, LogRequest{Container: c.Name})
			case c.State.Terminated == nil && c.LastTerminationState.Terminated != nil:
				out = append(out, LogRequest{Container: c.Name, Previous: true})
			case i == 0 && c.State.Running != nil && !sidecar(pod, c.Name):
				out = append(out, LogRequest{Container: c.Name})
			}
		}
	}
	return out
}

// Diagnose says why the Pod is as it is, told in sc: in its language,
// naming kpod as the reader runs it.
func Diagnose(in Input, sc text.Scene) Diagnosis {
	pod := in.Pod
	if pod == nil {
		pod = &corev1.Pod{}
	}
	d := &diag{in: in, pod: pod, scene: sc, events: ownEvents(pod, in.Events)}
	d.out = Diagnosis{Pod: pod.Name, Namespace: pod.Namespace, State: kube.PodStatus(pod), Evidence: []Evidence{}, Hints: []string{}}
	d.facts = Details{Pod: pod.Name, Namespace: orDefault(pod.Namespace), State: d.out.State}
	d.run()
	d.out.Facts = d.facts
	d.render()
	return d.out
}

// recent reports whether t is less than 10 minutes ago, the time after which
// the kubelet forgets a container's crashes and resets its back-off.
func (in Input) recent(t time.Time) bool {
	return !in.Now.IsZero() && !t.IsZero() && in.Now.Sub(t) < 10*time.Minute
}
