package diagnose

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// diag is one diagnosis being made: what it reads, and what it has said so far.
type diag struct {
	in     Input
	pod    *corev1.Pod
	scene  text.Scene     // who the diagnosis is told to
	events []corev1.Event // the Pod's own, oldest first
	out    Diagnosis
	facts  Details
}

// A podCause is one reason kpod knows for the state of a whole Pod.
type podCause interface {
	match(d *diag) bool // whether the cause fits; it only reads
	explain(d *diag)    // writes the case, the facts and the evidence
}

// A containerCause is one reason kpod knows for the state of one container.
type containerCause interface {
	match(d *diag, c *ctr) bool
	explain(d *diag, c *ctr)
}

// The causes, in the order the kubelet meets them: the Pod as a whole
// (deleted, evicted, not scheduled, no sandbox), then each container, init
// containers first, then the readiness of the running ones, then volumes;
// fine, last, always matches: healthy, on its way, or unknown. The first
// cause that matches explains the Pod.
var (
	podCauses = []podCause{terminating{}, evicted{}, unschedulable{}, sandbox{}}

	containerCauses = []containerCause{
		imagePull{},               // waiting: ErrImagePull, ImagePullBackOff...
		configError{},             // waiting: CreateContainerConfigError
		startError{waiting: true}, // waiting: CreateContainerError, RunContainerError
		postStart{waiting: true},  // waiting: PostStartHookError
		oomKilled{},               // its last run ended OOMKilled
		postStart{},               // its last run was ended because the hook failed
		probe{},                   // a liveness or startup probe fails
		oomKilled{probably: true}, // exit 137 and signs of the OOM killer
		startError{},              // its last run ended StartError
		crashLoop{},               // it keeps exiting
		initStuck{},               // an init container runs and does not finish
	}

	readyCauses = []containerCause{probe{readiness: true}}

	lastCauses = []podCause{mountFailed{}, fine{}}
)

// ctr is one container as the causes read it.
type ctr struct {
	status corev1.ContainerStatus
	spec   *corev1.Container // nil: not in the Pod's spec
	init   bool              // an init container
	// last is how its current or previous run ended; nil: none has.
	last *corev1.ContainerStateTerminated
	// crashing: it exits and the kubelet starts it again, or it ended
	// for good (restartPolicy Never).
	crashing bool
}

// run finds the first cause that explains the Pod's state.
func (d *diag) run() {
	if explainPod(d, podCauses) {
		return
	}
	pod := d.pod
	for i, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, s := range list {
			if i == 0 && s.State.Terminated != nil && s.State.Terminated.ExitCode == 0 {
				continue // an init container that finished its work
			}
			if explainContainer(d, d.focus(s, i == 0), containerCauses) {
				return
			}
		}
	}
	for _, s := range pod.Status.ContainerStatuses {
		if s.Ready || s.State.Running == nil {
			continue
		}
		if explainContainer(d, d.focus(s, false), readyCauses) {
			return
		}
	}
	explainPod(d, lastCauses)
}

func explainPod(d *diag, causes []podCause) bool {
	for _, c := range causes {
		if c.match(d) {
			c.explain(d)
			return true
		}
	}
	return false
}

func explainContainer(d *diag, c *ctr, causes []containerCause) bool {
	for _, cause := range causes {
		if cause.match(d, c) {
			cause.explain(d, c)
			return true
		}
	}
	return false
}

// focus makes the facts about one container from now on, and returns it
// as the causes read it.
func (d *diag) focus(s corev1.ContainerStatus, init bool) *ctr {
	d.facts.Container, d.facts.Init, d.facts.Restarts = s.Name, init, s.RestartCount
	last := s.State.Terminated
	if last == nil {
		last = s.LastTerminationState.Terminated
	}
	crashing := s.State.Waiting != nil && s.State.Waiting.Reason == "CrashLoopBackOff" ||
		s.State.Terminated != nil && (s.State.Terminated.ExitCode != 0 || s.RestartCount > 0) ||
		s.RestartCount > 0 && !s.Ready ||
		s.RestartCount > 0 && s.State.Running != nil && d.in.recent(s.State.Running.StartedAt.Time)
	return &ctr{status: s, spec: specOf(d.pod, s.Name), init: init, last: last, crashing: crashing}
}

// set names the case and its variant.
func (d *diag) set(c, variant string) {
	d.out.Case, d.out.Variant = c, variant
}

// waitingFor reports whether the container is waiting for one of reasons.
func waitingFor(c *ctr, reasons ...string) bool {
	w := c.status.State.Waiting
	return w != nil && contains(reasons, w.Reason)
}

// ended reports whether the container's last run ended and the container
// crashes or has stopped.
func ended(c *ctr) bool {
	return c.last != nil && (c.crashing || c.status.State.Terminated != nil)
}
