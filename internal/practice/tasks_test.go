package practice_test

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/kubectl/pkg/util/qos"

	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/text"
)

// world is what the cluster holds once the student ran the solutions of
// tasks 0..i of a lesson, in order, on a kubelet where everything works.
func world(t *testing.T, set practice.Set, i int) *practice.World {
	t.Helper()
	var pods []*corev1.Pod
	var svcs []*corev1.Service
	w := pt.World(nil, nil)
	for _, task := range set.Tasks[:i+1] {
		p, s, err := pt.Objects(pt.Solution(set, task.Key, w))
		if err != nil {
			t.Fatalf("%s/%s: solution: %v", set.Lesson.Name, task.Key, err)
		}
		if len(p) == 0 {
			t.Fatalf("%s/%s: the solution makes no Pod", set.Lesson.Name, task.Key)
		}
		pods, svcs = append(pods, p...), append(svcs, s...)
		w = pt.World(pods, svcs)
	}
	return w
}

func pod(w *practice.World, name string) *corev1.Pod {
	if p := w.Pod(name); p != nil {
		return p
	}
	panic("no pod " + name)
}

func notReady(p *corev1.Pod, status string) {
	p.Status.Conditions[3].Status = corev1.ConditionFalse
	for i := range p.Status.ContainerStatuses {
		p.Status.ContainerStatuses[i].Ready = false
	}
	if status != "" {
		p.Status.ContainerStatuses[len(p.Status.ContainerStatuses)-1].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: status}}
	}
}

func waitingInit(p *corev1.Pod) {
	p.Status.Conditions[1].Status = corev1.ConditionFalse
	notReady(p, "PodInitializing")
	p.Status.InitContainerStatuses[0].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
}

// Each case: what the cluster does beyond "everything works" for the
// right solution (kubelet), a typical wrong solution (wrong, made from the
// right one on a kubelet where everything works) and the reason kpod gives.
var cases = map[string]struct {
	kubelet func(w *practice.World)
	wrong   func(w *practice.World)
	why     string
}{
	"run/web": {wrong: func(w *practice.World) { pod(w, "web").Spec.Containers[0].Ports = nil }, why: "port"},
	"run/reach": {wrong: func(w *practice.World) {
		pod(w, "client").Spec.Containers[0].Args = []string{"wget", "-qO-", "http://10.9.9.9"}
	}, why: "calls-ip"},
	"multipod/shared": {wrong: func(w *practice.World) { pod(w, "pair").Spec.Containers[1].VolumeMounts = nil }, why: "shared-emptydir"},
	"multipod/localhost": {wrong: func(w *practice.World) {
		p := pod(w, "duo")
		p.Spec.Containers[1] = p.Spec.Containers[0]
		p.Spec.Containers[1].Name = "web2"
		notReady(p, "CrashLoopBackOff")
	}, why: "image"}, // two web servers: no shell container asks
	"probe/http": {wrong: func(w *practice.World) {
		pod(w, "healthy").Spec.Containers[0].LivenessProbe.HTTPGet.Port.IntVal = 8080
	}, why: "liveness-port"},
	"probe/restart": {
		kubelet: func(w *practice.World) {
			p := pod(w, "fragile")
			p.Status.ContainerStatuses[0].RestartCount = 1
			w.Events = append(w.Events, pt.Event(p, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404"))
		},
		wrong: func(w *practice.World) {
			p := pod(w, "fragile")
			p.Status.ContainerStatuses[0].RestartCount = 1
			p.Status.ContainerStatuses[0].LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error"}
		}, why: "restarted-other"},
	"probe/exec": {wrong: func(w *practice.World) {
		p := pod(w, "alive")
		w.Events = append(w.Events, pt.Event(p, "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"))
	}, why: "liveness-failed"},
	"init/wait-db": {wrong: func(w *practice.World) {
		w.Services = nil
		waitingInit(pod(w, "app"))
	}, why: "service"},
	"init/two": {wrong: func(w *practice.World) {
		p := pod(w, "steps")
		p.Spec.InitContainers = p.Spec.InitContainers[:1]
	}, why: "inits"},
	"resources/guaranteed": {wrong: func(w *practice.World) {
		p := pod(w, "steady")
		p.Spec.Containers[0].Resources.Requests[corev1.ResourceMemory] = pt.Quantity("16Mi")
		p.Status.QOSClass = qos.ComputePodQOS(p)
	}, why: "qos"},
	"resources/oom": {
		kubelet: func(w *practice.World) {
			p := pod(w, "hog")
			p.Status.Phase = corev1.PodFailed
			p.Status.ContainerStatuses[0].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}}
		},
		wrong: func(w *practice.World) {
			pod(w, "hog").Spec.Containers[0].Resources.Limits[corev1.ResourceMemory] = pt.Quantity("512Mi")
		}, why: "oomkilled"},
	"resources/pending": {
		kubelet: func(w *practice.World) {
			p := pod(w, "huge")
			p.Spec.NodeName = ""
			p.Status = corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{
				{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable, Message: "0/1 nodes are available: 1 Insufficient cpu."}}}
		},
		wrong: func(w *practice.World) {}, why: "scheduled"},
	"env/greeting": {wrong: func(w *practice.World) { pod(w, "hello").Spec.Containers[0].Env[0].Value = "hi" }, why: "env-value"},
	"env/path": {wrong: func(w *practice.World) {
		p := pod(w, "paths")
		p.Spec.Containers[0].Env[0].Value = "/opt/bin"
		notReady(p, "RunContainerError")
	}, why: "env-prefix"},
	"env/node": {wrong: func(w *practice.World) {
		p := pod(w, "where")
		p.Spec.Containers[0].Env[0].ValueFrom, p.Spec.Containers[0].Env[0].Value = nil, "node-1"
	}, why: "env-field"},
	"patterns/sidecar": {wrong: func(w *practice.World) {
		p := pod(w, "logged")
		p.Spec.InitContainers[0].RestartPolicy = nil
		waitingInit(p)
	}, why: "sidecar-policy"},
}

// Every task holds on its own solution, run by a kubelet where everything
// works, and does not hold on a typical wrong solution, for the expected
// reason.
func TestEveryTaskOnFakePods(t *testing.T) {
	seen := map[string]bool{}
	for _, set := range pt.Sets() {
		for i, task := range set.Tasks {
			name := set.Lesson.Name + "/" + task.Key
			if task.Node || task.Setup != "" {
				continue // TestNodeTasksOnFakeNode; drills: TestSolutionsAndNearMisses
			}
			seen[name] = true
			c, ok := cases[name]
			if !ok {
				t.Errorf("%s: no test case", name)
				continue
			}
			t.Run(name, func(t *testing.T) {
				w := world(t, set, i)
				if c.kubelet != nil {
					c.kubelet(w)
				}
				if r := task.Check(t.Context(), w); !r.OK {
					t.Fatalf("the solution does not hold: %s (%s)", r.Why.Key, (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts))
				}
				w = world(t, set, i)
				c.wrong(w)
				r := task.Check(t.Context(), w)
				if r.OK {
					t.Fatalf("a wrong solution holds")
				}
				if r.Why.Key != c.why {
					t.Errorf("wrong solution: reason %s (%s), want %s", r.Why.Key, (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts), c.why)
				}
				for _, lang := range []string{"en", "ko"} {
					if msg := (text.Scene{Lang: lang}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts); strings.Contains(msg, "<no value>") || msg == "why."+r.Why.Key || unfilled(lang, "why."+r.Why.Key, r.Why.Facts) {
						t.Errorf("%s: reason text %q", lang, msg)
					}
				}
			})
		}
	}
	for name := range cases {
		if !seen[name] {
			t.Errorf("case %s has no task", name)
		}
	}
}

// A probe that passed only for a moment is not enough: the check waits,
// and says until when.
func TestHealthyWaitsForTheProbe(t *testing.T) {
	set, _ := findSet("probe")
	w := world(t, set, 0)
	p := pod(w, "healthy")
	p.Status.ContainerStatuses[0].State.Running.StartedAt = metav1.NewTime(pt.Now.Add(-2 * time.Second))
	task, _ := set.Find("http")
	r := task.Check(t.Context(), w)
	if r.OK || r.Why.Key != "healthy-wait" {
		t.Fatalf("got %+v, want healthy-wait", r)
	}
	if want := pt.Now.Add(8 * time.Second); !r.Recheck.Equal(want) {
		t.Errorf("recheck at %s, want %s", r.Recheck, want)
	}
	w.Now = r.Recheck
	if r := task.Check(t.Context(), w); !r.OK {
		t.Errorf("still waiting at the recheck time: %+v", r.Why)
	}
}

// No Pod at all is told plainly, for Pod and AnyPod checks.
func TestEmptyNamespace(t *testing.T) {
	w := pt.World(nil, nil)
	for _, set := range pt.Sets() {
		for _, task := range set.Tasks {
			r := task.Check(t.Context(), w)
			if r.OK || r.Why.Key != "no-pod" && r.Why.Key != "no-pods" && r.Why.Key != "no-mirror" {
				t.Errorf("%s/%s on an empty namespace: %+v", set.Lesson.Name, task.Key, r)
			}
		}
	}
}

// Every task has its words in every language, and at least one hint
// before the solution.
func TestTasksAreComplete(t *testing.T) {
	for _, set := range pt.Sets() {
		if err := set.Validate(); err != nil {
			t.Error(err)
		}
		if len(set.Tasks) == 0 {
			t.Errorf("%s has no tasks", set.Lesson.Name)
		}
	}
	if missing := practice.Words().Missing(); len(missing) > 0 {
		t.Errorf("practice messages: %s", strings.Join(missing, "; "))
	}
}

func findSet(name string) (practice.Set, bool) {
	for _, s := range pt.Sets() {
		if s.Lesson.Name == name {
			return s, true
		}
	}
	return practice.Set{}, false
}

// unfilled reports whether a practice message reads a fact it was not given.
func unfilled(lang, key string, facts text.Facts) bool {
	_, missing, err := text.Render(practice.Words().Get(lang, key).Body, nil, facts)
	return len(missing) > 0 || err != nil
}

// A Pod the task wants finished is not told "not yet" for finishing: the
// kubelet reports its container ended with 0 (STATUS Completed) a moment
// before it sets the Pod's phase to Succeeded. A container that ended
// with 0 where the kubelet starts it again has not finished.
func TestFinishingPodHolds(t *testing.T) {
	set, _ := findSet("run")
	task, _ := set.Find("reach")
	w := world(t, set, 1)
	p := pod(w, "client")
	p.Status.Phase = corev1.PodRunning // the phase is set a moment later
	p.Status.Conditions[3] = corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "PodCompleted"}
	if r := task.Check(t.Context(), w); !r.OK {
		t.Fatalf("a finished client is told: %s", (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts))
	}
	p.Status.ContainerStatuses[0].State.Terminated.ExitCode = 1
	if r := task.Check(t.Context(), w); r.OK || r.Why.Key != "succeeded" {
		t.Errorf("a client that failed: %+v", r)
	}
	p.Status.ContainerStatuses[0].State.Terminated.ExitCode = 0
	p.Spec.RestartPolicy = corev1.RestartPolicyAlways
	for _, c := range []practice.Rule{practice.Succeeded, practice.Started} {
		if y := c(t.Context(), w, p); y == nil {
			t.Errorf("a container the kubelet starts again counts as finished")
		}
	}
}
