package diagnose

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/text"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func at(s int) metav1.Time { return metav1.NewTime(t0.Add(time.Duration(s) * time.Second)) }

func pod(name string, containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "class", UID: types.UID("uid-" + name), CreationTimestamp: at(0)},
		Spec:       corev1.PodSpec{NodeName: "node-1", Containers: containers, RestartPolicy: corev1.RestartPolicyAlways},
		Status:     corev1.PodStatus{Phase: corev1.PodPending},
	}
}

func event(p *corev1.Pod, container, typ, reason, msg string, count int32, last int) corev1.Event {
	fp := ""
	if container != "" {
		fp = "spec.containers{" + container + "}"
	}
	return corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: p.Name + "." + reason, Namespace: p.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: p.Name, Namespace: p.Namespace, UID: p.UID, FieldPath: fp},
		Type:           typ, Reason: reason, Message: msg, Count: count,
		FirstTimestamp: at(1), LastTimestamp: at(last),
	}
}

func waiting(name, reason, msg string, restarts int32) corev1.ContainerStatus {
	return corev1.ContainerStatus{Name: name, RestartCount: restarts,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: msg}}}
}

// check runs the diagnosis in both languages and checks what every
// diagnosis must have: texts filled in, evidence with commands, hints.
func check(t *testing.T, in Input, wantCase, wantVariant string) Diagnosis {
	t.Helper()
	var en Diagnosis
	for _, lang := range text.Languages {
		d := Diagnose(in, text.Scene{Lang: lang})
		if d.Case != wantCase || d.Variant != wantVariant {
			t.Fatalf("%s: case %s/%s, want %s/%s: %s", lang, d.Case, d.Variant, wantCase, wantVariant, d.Cause)
		}
		all := append([]string{d.Title, d.Cause}, d.Hints...)
		for _, s := range all {
			if s == "" || strings.Contains(s, "{{") || strings.Contains(s, "<no value>") || strings.Contains(s, "CONTAINER") && d.Container != "" {
				t.Errorf("%s: unfilled text %q", lang, s)
			}
		}
		if len(d.Evidence) == 0 {
			t.Errorf("%s: no evidence", lang)
		}
		for _, e := range d.Evidence {
			if !strings.HasPrefix(e.Command, "kubectl ") || !strings.Contains(e.Command, "-n "+in.Pod.Namespace) {
				t.Errorf("%s: evidence command %q", lang, e.Command)
			}
		}
		if lang == "en" {
			en = d
		} else if d.Cause == en.Cause {
			t.Errorf("ko cause is the English one: %s", d.Cause)
		}
	}
	return en
}

func has(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q: %s", what, sub, s)
		}
	}
}

func evidence(t *testing.T, d Diagnosis, kind, key string) Evidence {
	t.Helper()
	for _, e := range d.Evidence {
		if e.Kind == kind && (e.Reason == key || e.Field == key || kind == "logs") {
			return e
		}
	}
	t.Fatalf("no %s evidence %q in %+v", kind, key, d.Evidence)
	return Evidence{}
}

func TestImageNotFound(t *testing.T) {
	p := pod("web", corev1.Container{Name: "web", Image: "nginx:1.99-nope"})
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ImagePullBackOff", `Back-off pulling image "nginx:1.99-nope"`, 0)}
	msg := `Failed to pull image "nginx:1.99-nope": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99-nope": failed to resolve reference "docker.io/library/nginx:1.99-nope": docker.io/library/nginx:1.99-nope: not found`
	in := Input{Pod: p, Events: []corev1.Event{
		event(p, "web", "Normal", "Pulling", `Pulling image "nginx:1.99-nope"`, 3, 10),
		event(p, "web", "Warning", "Failed", msg, 3, 11),
		event(p, "web", "Warning", "Failed", "Error: ErrImagePull", 3, 11),
		event(p, "web", "Normal", "BackOff", `Back-off pulling image "nginx:1.99-nope"`, 4, 12),
	}}
	d := check(t, in, ImagePull, "not-found")
	has(t, "cause", d.Cause, "nginx:1.99-nope", "tag 1.99-nope", "repository nginx", "container web", "ImagePullBackOff")
	if d.Facts.Repo != "nginx" || d.Facts.Tag != "1.99-nope" || d.Container != "web" {
		t.Errorf("facts %+v", d.Facts)
	}
	e := evidence(t, d, "event", "Failed")
	if e.Text != msg || e.Count != 3 || e.Command != "kubectl events --for pod/web -n class" {
		t.Errorf("event evidence %+v", e)
	}
	f := evidence(t, d, "field", `{.status.containerStatuses[?(@.name=="web")].state.waiting.reason}`)
	if f.Text != "ImagePullBackOff" || f.Command != `kubectl get pod web -o 'jsonpath={.status.containerStatuses[?(@.name=="web")].state.waiting.reason}' -n class` {
		t.Errorf("field evidence %+v", f)
	}
	has(t, "solution", d.Hints[2], "kubectl set image pod/web web=IMAGE:TAG -n class")
}

func TestImageRegistryUnreachable(t *testing.T) {
	p := pod("web", corev1.Container{Name: "web", Image: "registry.example:5000/team/web"})
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ErrImagePull", "", 0)}
	in := Input{Pod: p, Events: []corev1.Event{event(p, "web", "Warning", "Failed",
		`Failed to pull image "registry.example:5000/team/web": failed to do request: Head "https://registry.example:5000/v2/team/web/manifests/latest": dial tcp: lookup registry.example: no such host`, 1, 5)}}
	d := check(t, in, ImagePull, "unreachable")
	if d.Facts.Repo != "registry.example:5000/team/web" || d.Facts.Tag != "latest" {
		t.Errorf("repo/tag %q %q", d.Facts.Repo, d.Facts.Tag)
	}
	has(t, "cause", d.Cause, "could not reach the registry", "no such host")
	if strings.Contains(d.Cause, "Failed to pull image") {
		t.Errorf("cause repeats the whole event: %s", d.Cause)
	}
}

func TestImagePullDeniedAndInvalid(t *testing.T) {
	p := pod("web", corev1.Container{Name: "web", Image: "private/app:2"})
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ErrImagePull", "", 0)}
	in := Input{Pod: p, Events: []corev1.Event{event(p, "web", "Warning", "Failed",
		`Failed to pull image "private/app:2": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, 1, 5)}}
	check(t, in, ImagePull, "denied")

	q := pod("bad", corev1.Container{Name: "c", Image: "Nginx:latest"})
	q.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("c", "InvalidImageName", `Failed to apply default image tag "Nginx:latest": couldn't parse image name`, 0)}
	d := check(t, Input{Pod: q}, ImagePull, "invalid")
	has(t, "cause", d.Cause, "Nginx:latest")
}

func crashPod(exit int32, reason string) *corev1.Pod {
	p := pod("crash", corev1.Container{Name: "app", Image: "busybox:1.37", Command: []string{"sh", "-c", "echo starting; exit 3"}})
	p.Status.Phase = corev1.PodRunning
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", RestartCount: 3,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff", Message: "back-off 40s restarting failed container=app pod=crash_class(uid)"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: exit, Reason: reason, ContainerID: "containerd://abc", StartedAt: at(30), FinishedAt: at(31)}}}}
	return p
}

func TestCrashLoop(t *testing.T) {
	p := crashPod(3, "Error")
	in := Input{Pod: p, Logs: map[string]string{"app": "starting\nconfig file /etc/app.conf missing\n\n"},
		Events: []corev1.Event{event(p, "app", "Warning", "BackOff", "Back-off restarting failed container app in pod crash_class(uid)", 5, 40)}}
	if got := LogsWanted(p); len(got) != 1 || got[0] != (LogRequest{Container: "app", Previous: true}) {
		t.Errorf("LogsWanted %+v", got)
	}
	// Between two crashes the container runs, and is Ready when it has no
	// readiness probe: the previous run's logs are still what explains it.
	running := crashPod(3, "Error")
	running.Status.ContainerStatuses[0].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(40)}}
	running.Status.ContainerStatuses[0].Ready = true
	if got := LogsWanted(running); len(got) != 1 || got[0] != (LogRequest{Container: "app", Previous: true}) {
		t.Errorf("LogsWanted of a running container that crashed before %+v", got)
	}
	d := check(t, in, CrashLoop, "exit")
	has(t, "cause", d.Cause, "exit code 3", "CrashLoopBackOff", "«config file /etc/app.conf missing»", "Restarts so far: 3.")
	e := evidence(t, d, "field", `{.status.containerStatuses[?(@.name=="app")].lastState.terminated.exitCode}`)
	if e.Text != "3" {
		t.Errorf("exit code evidence %+v", e)
	}
	l := evidence(t, d, "logs", "")
	if l.Text != "starting\nconfig file /etc/app.conf missing" || !l.Previous || l.Command != "kubectl logs crash -c app --previous --tail=2 -n class" {
		t.Errorf("logs evidence %+v", l)
	}
	evidence(t, d, "event", "BackOff")
	has(t, "first hint", d.Hints[0], "kubectl logs crash -c app --previous -n class")
	has(t, "second hint", d.Hints[1], "sh -c 'echo starting; exit 3'")
}

// Between two crashes the container runs again, looks fine, and is about to crash again.
func TestCrashLoopWhileRunningAgain(t *testing.T) {
	p := crashPod(3, "Error")
	c := &p.Status.ContainerStatuses[0]
	c.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(71)}}
	c.Ready = true
	d := check(t, Input{Pod: p, Now: t0.Add(72 * time.Second)}, CrashLoop, "exit")
	if d.State != "Running" {
		t.Errorf("state %s", d.State)
	}
	// Long after, the same status is a container that got over it.
	if d := Diagnose(Input{Pod: p, Now: t0.Add(time.Hour)}, text.Scene{Lang: "en"}); d.Case == CrashLoop {
		t.Errorf("an hour of running is still a crash loop: %s", d.Cause)
	}
}

func TestCrashLoopCompletedAndFailed(t *testing.T) {
	check(t, Input{Pod: crashPod(0, "Completed")}, CrashLoop, "completed")

	p := pod("once", corev1.Container{Name: "app", Image: "busybox:1.37"})
	p.Spec.RestartPolicy = corev1.RestartPolicyNever
	p.Status.Phase = corev1.PodFailed
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 2, Reason: "Error", FinishedAt: at(5)}}}}
	if got := LogsWanted(p); len(got) != 1 || got[0].Previous {
		t.Errorf("LogsWanted %+v", got)
	}
	d := check(t, Input{Pod: p, Logs: map[string]string{"app": "bad flag\n"}}, CrashLoop, "failed")
	has(t, "cause", d.Cause, "exit code 2", "restartPolicy is Never", "«bad flag»")
	evidence(t, d, "field", `{.status.containerStatuses[?(@.name=="app")].state.terminated.exitCode}`)
	if strings.Contains(d.Hints[0], "--previous") {
		t.Errorf("hint asks for the previous logs of a container that ran once: %s", d.Hints[0])
	}
}

func probePod() *corev1.Pod {
	p := pod("liveness", corev1.Container{Name: "web", Image: "nginx:1.30-alpine",
		Ports: []corev1.ContainerPort{{ContainerPort: 80}},
		LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(8080)}},
			PeriodSeconds: 1, FailureThreshold: 2, TimeoutSeconds: 1}})
	p.Status.Phase = corev1.PodRunning
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "web", RestartCount: 2, Ready: true,
		State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(20)}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", FinishedAt: at(19)}}}}
	return p
}

func TestLivenessWrongPort(t *testing.T) {
	p := probePod()
	msg := `Liveness probe failed: Get "http://10.244.0.7:8080/": dial tcp 10.244.0.7:8080: connect: connection refused`
	in := Input{Pod: p, Events: []corev1.Event{
		event(p, "web", "Warning", "Unhealthy", msg, 6, 21),
		event(p, "web", "Normal", "Killing", "Container web failed liveness probe, will be restarted", 2, 19),
	}}
	d := check(t, in, ProbeFailing, "wrong-port")
	has(t, "cause", d.Cause, "liveness probe", "port 8080", "connection refused", "declares port 80", "After 2 failures")
	if d.Facts.Port != "8080" || d.Facts.Ports != "80" || d.Facts.Probe != "liveness" {
		t.Errorf("facts %+v", d.Facts)
	}
	if e := evidence(t, d, "event", "Unhealthy"); e.Text != msg {
		t.Errorf("evidence %+v", e)
	}
	evidence(t, d, "event", "Killing")
	if e := evidence(t, d, "field", `{.spec.containers[?(@.name=="web")].livenessProbe.httpGet.port}`); e.Text != "8080" {
		t.Errorf("port evidence %+v", e)
	}
	if e := evidence(t, d, "field", `{.spec.containers[?(@.name=="web")].ports[*].containerPort}`); e.Text != "80" {
		t.Errorf("ports evidence %+v", e)
	}
	ko := Diagnose(in, text.Scene{Lang: "ko"})
	has(t, "Korean cause", ko.Cause, "활성 프로브", "8080번 포트", "80번입니다")
}

func TestProbeHTTPStatusExecAndReadiness(t *testing.T) {
	p := probePod()
	p.Spec.Containers[0].LivenessProbe.HTTPGet.Port = intstr.FromInt32(80)
	p.Spec.Containers[0].LivenessProbe.HTTPGet.Path = "/index.html"
	in := Input{Pod: p, Events: []corev1.Event{
		event(p, "web", "Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", 4, 21),
		event(p, "web", "Normal", "Killing", "Container web failed liveness probe, will be restarted", 2, 19)}}
	d := check(t, in, ProbeFailing, "http-status")
	has(t, "cause", d.Cause, "/index.html", "HTTP 404")
	has(t, "title", d.Title, "HTTP 404")

	e := probePod()
	e.Spec.Containers[0].LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"cat", "/tmp/healthy"}}}}
	in = Input{Pod: e, Events: []corev1.Event{
		event(e, "web", "Warning", "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n", 3, 21),
		event(e, "web", "Normal", "Killing", "Container web failed liveness probe, will be restarted", 1, 19)}}
	d = check(t, in, ProbeFailing, "exec")
	has(t, "cause", d.Cause, "`cat /tmp/healthy`", "non-zero exit code", "can't open '/tmp/healthy'", "After 3 failures")

	r := probePod()
	c := &r.Spec.Containers[0]
	c.ReadinessProbe, c.LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromString("http")}}}, nil
	c.Ports[0].Name = "http"
	r.Status.ContainerStatuses[0].Ready, r.Status.ContainerStatuses[0].RestartCount = false, 0
	r.Status.ContainerStatuses[0].LastTerminationState = corev1.ContainerState{}
	in = Input{Pod: r, Events: []corev1.Event{event(r, "web", "Warning", "Unhealthy", "Readiness probe failed: dial tcp 10.244.0.7:80: connect: connection refused", 9, 30)}}
	d = check(t, in, ProbeFailing, "refused")
	has(t, "cause", d.Cause, "readiness probe", "port 80", "not restarted")
	if strings.Contains(d.Cause, "Restarts") {
		t.Errorf("readiness tells restarts: %s", d.Cause)
	}
}

// A probe that failed once long ago, on a container that is ready now, is history.
func TestOldProbeFailureIsNotACause(t *testing.T) {
	p := probePod()
	p.Status.ContainerStatuses[0].RestartCount = 0
	p.Status.ContainerStatuses[0].LastTerminationState = corev1.ContainerState{}
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	in := Input{Pod: p, Events: []corev1.Event{event(p, "web", "Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 503", 1, 10)}}
	check(t, in, Healthy, "ready")
}

func TestFailedScheduling(t *testing.T) {
	p := pod("too-big", corev1.Container{Name: "shell", Image: "busybox:1.37", Resources: corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100")}}})
	p.Spec.NodeName = ""
	msg := "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: msg}}
	ev := event(p, "", "Warning", "FailedScheduling", msg, 1, 2)
	d := check(t, Input{Pod: p, Events: []corev1.Event{ev}}, Unschedulable, "insufficient")
	has(t, "cause", d.Cause, "enough cpu", "cpu: 100", "Insufficient cpu", "Pending")
	if d.Facts.Resource != "cpu" || d.Facts.Request != "100" {
		t.Errorf("facts %+v", d.Facts)
	}
	if e := evidence(t, d, "field", "{.spec.containers[*].resources.requests.cpu}"); e.Text != "100" {
		t.Errorf("request evidence %+v", e)
	}
	evidence(t, d, "field", `{.status.conditions[?(@.type=="PodScheduled")].reason}`)

	// Not yet tried by the scheduler: nothing is wrong yet.
	q := pod("new", corev1.Container{Name: "c", Image: "busybox:1.37"})
	q.Spec.NodeName = ""
	check(t, Input{Pod: q}, Starting, "")

	// Another reason: said as the scheduler says it.
	r := p.DeepCopy()
	r.Status.Conditions = nil
	ev.Message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
	ev.Message = "0/1 nodes are available: 1 node(s) had volume node affinity conflict."
	d = check(t, Input{Pod: r, Events: []corev1.Event{ev}}, Unschedulable, "other")
	has(t, "cause", d.Cause, "had volume node affinity conflict")
}

func initPod() *corev1.Pod {
	p := pod("myapp-pod", corev1.Container{Name: "myapp-container", Image: "busybox:1.37"})
	p.Spec.InitContainers = []corev1.Container{
		{Name: "init-myservice", Image: "busybox:1.37", Command: []string{"sh", "-c", "until nslookup myservice.class.svc.cluster.local; do echo waiting for myservice; sleep 2; done"}},
		{Name: "init-mydb", Image: "busybox:1.37"},
	}
	p.Status.InitContainerStatuses = []corev1.ContainerStatus{
		{Name: "init-myservice", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(3)}}},
		waiting("init-mydb", "PodInitializing", "", 0),
	}
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("myapp-container", "PodInitializing", "", 0)}
	return p
}

func TestInitStuckOnDNS(t *testing.T) {
	p := initPod()
	if got := LogsWanted(p); len(got) != 1 || got[0] != (LogRequest{Container: "init-myservice"}) {
		t.Errorf("LogsWanted %+v", got)
	}
	logs := "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find myservice.class.svc.cluster.local: NXDOMAIN\n\nwaiting for myservice\n"
	d := check(t, Input{Pod: p, Logs: map[string]string{"init-myservice": logs}}, InitStuck, "dns")
	has(t, "cause", d.Cause, "Init container init-myservice", "myservice.class.svc.cluster.local", "Init:0/2")
	if d.Facts.Service != "myservice" || d.Facts.Host != "myservice.class.svc.cluster.local" {
		t.Errorf("facts %+v", d.Facts)
	}
	l := evidence(t, d, "logs", "")
	if l.Previous || !strings.Contains(l.Text, "server can't find myservice") || l.Command != "kubectl logs myapp-pod -c init-myservice --tail=5 -n class" {
		t.Errorf("logs evidence %+v", l)
	}
	if e := evidence(t, d, "field", `{.status.initContainerStatuses[?(@.name=="init-myservice")].state.running.startedAt}`); e.Text != "2026-01-01T12:00:03Z" {
		t.Errorf("startedAt evidence %+v", e)
	}
	has(t, "solution", d.Hints[2], "kubectl create service clusterip myservice")

	// Older busybox words it differently; without logs kpod says only what it sees.
	check(t, Input{Pod: p, Logs: map[string]string{"init-myservice": "nslookup: can't resolve 'mydb'\n"}}, InitStuck, "dns")
	d = check(t, Input{Pod: p}, InitStuck, "running")
	if strings.Contains(d.Cause, "DNS") {
		t.Errorf("guessed DNS without logs: %s", d.Cause)
	}
}

func TestInitContainerFails(t *testing.T) {
	p := initPod()
	p.Status.InitContainerStatuses[0] = corev1.ContainerStatus{Name: "init-myservice", RestartCount: 2,
		State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error", FinishedAt: at(9)}}}
	d := check(t, Input{Pod: p}, CrashLoop, "init")
	has(t, "cause", d.Cause, "Init container init-myservice", "exit code 1", "Init:CrashLoopBackOff")
	evidence(t, d, "field", `{.status.initContainerStatuses[?(@.name=="init-myservice")].lastState.terminated.exitCode}`)

	// A finished init container is not a cause; a native sidecar that runs is not stuck.
	q := initPod()
	always := corev1.ContainerRestartPolicyAlways
	q.Spec.InitContainers[0].RestartPolicy = &always
	q.Spec.InitContainers = q.Spec.InitContainers[:1]
	q.Status.InitContainerStatuses = q.Status.InitContainerStatuses[:1]
	q.Status.Phase = corev1.PodRunning
	q.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	q.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "myapp-container", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}
	check(t, Input{Pod: q}, Healthy, "ready")
	if got := LogsWanted(q); len(got) != 0 {
		t.Errorf("LogsWanted of a sidecar %+v", got)
	}
}

func TestOOMKilled(t *testing.T) {
	p := pod("oom-demo", corev1.Container{Name: "memory-hog", Image: "busybox:1.37",
		Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}})
	p.Status.Phase = corev1.PodRunning
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "memory-hog", RestartCount: 1,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 137, Reason: "OOMKilled", FinishedAt: at(4)}}}}
	in := Input{Pod: p, Logs: map[string]string{"memory-hog": "reading 200 MiB into memory, under a 64 MiB limit\n"}}
	d := check(t, in, OOMKilled, "limit")
	has(t, "cause", d.Cause, "limit of 64Mi", "OOMKilled, exit code 137", "Restarts so far: 1.")
	if e := evidence(t, d, "field", `{.spec.containers[?(@.name=="memory-hog")].resources.limits.memory}`); e.Text != "64Mi" {
		t.Errorf("limit evidence %+v", e)
	}
	if e := evidence(t, d, "field", `{.status.containerStatuses[?(@.name=="memory-hog")].lastState.terminated.reason}`); e.Text != "OOMKilled" {
		t.Errorf("reason evidence %+v", e)
	}
	in.Used = map[string]string{"memory-hog": "65Mi"}
	has(t, "cause", Diagnose(in, text.Scene{Lang: "en"}).Cause, "It used 65Mi.")
	has(t, "Korean cause", Diagnose(in, text.Scene{Lang: "ko"}).Cause, "메모리 제한(64Mi)", "사용한 메모리: 65Mi")

	p.Spec.Containers[0].Resources = corev1.ResourceRequirements{}
	check(t, Input{Pod: p}, OOMKilled, "no-limit")
}

func TestCreateContainerConfigError(t *testing.T) {
	p := pod("env", corev1.Container{Name: "app", Image: "busybox:1.37"})
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("app", "CreateContainerConfigError", "couldn't find key color in ConfigMap class/settings", 0)}
	in := Input{Pod: p, Events: []corev1.Event{event(p, "app", "Warning", "Failed", "Error: couldn't find key color in ConfigMap class/settings", 4, 9)}}
	d := check(t, in, ConfigError, "key")
	has(t, "cause", d.Cause, "key color", "ConfigMap settings")
	has(t, "solution", d.Hints[2], "kubectl create configmap settings --from-literal=color=VALUE -n class")
	evidence(t, d, "event", "Failed")
	has(t, "Korean cause", Diagnose(in, text.Scene{Lang: "ko"}).Cause, "settings 컨피그맵의 color 키")

	p.Status.ContainerStatuses[0].State.Waiting.Message = `secret "db-pass" not found`
	d = check(t, Input{Pod: p}, ConfigError, "missing")
	has(t, "cause", d.Cause, "Secret db-pass", "namespace class")
	has(t, "solution", d.Hints[2], "kubectl create secret generic db-pass --from-literal=KEY=VALUE")

	// A ConfigMap volume that is missing keeps the Pod in ContainerCreating.
	q := pod("vol", corev1.Container{Name: "app", Image: "busybox:1.37"})
	q.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("app", "ContainerCreating", "", 0)}
	in = Input{Pod: q, Events: []corev1.Event{event(q, "", "Warning", "FailedMount", `MountVolume.SetUp failed for volume "cfg" : configmap "web-config" not found`, 3, 8)}}
	d = check(t, in, ConfigError, "volume")
	has(t, "cause", d.Cause, "ConfigMap web-config", "ContainerCreating")
}

func TestStartError(t *testing.T) {
	p := pod("typo", corev1.Container{Name: "app", Image: "busybox:1.37", Command: []string{"slep", "60"}})
	p.Status.Phase = corev1.PodRunning
	msg := `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "slep": executable file not found in $PATH: unknown`
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", RestartCount: 2,
		State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 128, Reason: "StartError", Message: msg}}}}
	d := check(t, Input{Pod: p}, StartError, "not-found")
	has(t, "cause", d.Cause, "slep 60", "busybox:1.37", "executable file not found")
}

func TestHealthyStartingAndUnknown(t *testing.T) {
	p := pod("ok", corev1.Container{Name: "web", Image: "nginx"})
	p.Status.Phase = corev1.PodRunning
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "web", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}
	check(t, Input{Pod: p}, Healthy, "ready")

	s := pod("creating", corev1.Container{Name: "web", Image: "nginx"})
	s.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ContainerCreating", "", 0)}
	d := check(t, Input{Pod: s}, Starting, "")
	has(t, "cause", d.Cause, "ContainerCreating")

	// Something kpod does not know: it says what it sees, and no cause.
	u := pod("odd", corev1.Container{Name: "web", Image: "nginx"})
	u.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ContainerCreating", "", 0)}
	in := Input{Pod: u, Events: []corev1.Event{event(u, "", "Warning", "NetworkNotReady", "network is not ready: container runtime network not ready", 7, 30)}}
	d = check(t, in, Unknown, "")
	has(t, "cause", d.Cause, "no diagnosis", "phase Pending", "container web: waiting ContainerCreating")
	if e := evidence(t, d, "event", "NetworkNotReady"); e.Count != 7 {
		t.Errorf("evidence %+v", e)
	}
	has(t, "Korean cause", Diagnose(in, text.Scene{Lang: "ko"}).Cause, "알아내지 못했습니다")

	// Nothing at all.
	d = Diagnose(Input{}, text.Scene{Lang: "en"})
	if d.Case != Unknown || d.Cause == "" {
		t.Errorf("empty input: %+v", d)
	}
}

// Events of an earlier Pod of the same name are not this Pod's.
func TestEventsOfAnEarlierPodAreIgnored(t *testing.T) {
	p := pod("web", corev1.Container{Name: "web", Image: "nginx"})
	p.Status.ContainerStatuses = []corev1.ContainerStatus{waiting("web", "ContainerCreating", "", 0)}
	old := event(p, "", "Warning", "FailedScheduling", "0/1 nodes are available: 1 Insufficient memory.", 1, 1)
	old.InvolvedObject.UID = "an-earlier-pod"
	check(t, Input{Pod: p, Events: []corev1.Event{old}}, Starting, "")
}

// Every text key the diagnosis can use exists in every language.
func TestTexts(t *testing.T) {
	if missing := words.Missing(); len(missing) > 0 {
		t.Error(strings.Join(missing, "\n"))
	}
}

// Cases names every case constant declared in diagnose.go, so a fuzz run
// or a caller listing them cannot miss a new one.
func TestCasesListsEveryConstant(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "diagnose.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, s := range g.Specs {
				for _, v := range s.(*ast.ValueSpec).Values {
					if l, ok := v.(*ast.BasicLit); ok && l.Kind == token.STRING {
						consts = append(consts, strings.Trim(l.Value, `"`))
					}
				}
			}
		}
	}
	if len(consts) < 10 || !slices.Equal(consts, Cases) {
		t.Errorf("Cases = %v, the constants are %v", Cases, consts)
	}
}
