package practice_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

func webPod(port int32) *corev1.Pod {
	c := corev1.Container{Name: "web", Image: pt.Images["web"]}
	if port != 0 {
		c.Ports = []corev1.ContainerPort{{ContainerPort: port}}
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: pt.Namespace}, Spec: corev1.PodSpec{Containers: []corev1.Container{c}}}
}

// newCoach is a Coach of lesson's tasks (all, if none are named) on no
// cluster yet, reporting in English to the buffer it returns.
func newCoach(t *testing.T, lesson string, tasks ...string) (*practice.Coach, *bytes.Buffer) {
	t.Helper()
	set, ok := findSet(lesson)
	if !ok {
		t.Fatalf("no practice %s", lesson)
	}
	s := &practice.Coach{Env: runenv.Env{Lang: "en", Namespace: pt.Namespace, Images: pt.Images, Clock: clock.RealClock{}}, Set: set}
	for _, k := range tasks {
		task, _ := set.Find(k)
		s.Tasks = append(s.Tasks, task)
	}
	var out bytes.Buffer
	s.Report = &practice.Human{Human: report.NewHuman(&out), Scene: text.Scene{Lang: "en"}}
	return s, &out
}

// records runs a live practice with NDJSON output and returns its records
// as they come, and its end.
func records(ctx context.Context, s *practice.Coach) (<-chan map[string]any, <-chan error) {
	r, w := io.Pipe()
	s.Report = practice.NewJSON(w, s.Since)
	recs := make(chan map[string]any, 100)
	done := make(chan error, 1)
	go func() {
		defer close(recs)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				recs <- m
			}
		}
	}()
	go func() {
		err := s.Run(ctx)
		w.Close()
		done <- err
	}()
	return recs, done
}

// next returns the next record of type kind, failing the test if the
// practice ends first.
func next(t *testing.T, recs <-chan map[string]any, kind string) map[string]any {
	t.Helper()
	for m := range recs {
		if m["type"] == kind {
			return m
		}
	}
	t.Fatalf("no %s record", kind)
	return nil
}

// The live practice checks on every change: a Pod without its port is
// told why, the right Pod passes, and the practice ends with ✓.
func TestLiveCheckOnEveryChange(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	recs, done := records(ctx, s)
	next(t, recs, "task")
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, webPod(0), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if m := next(t, recs, "check"); m["ok"] != false || m["reason"] != "port" {
		t.Fatalf("first check: %v", m)
	}
	if err := kube.Delete(ctx, c, pt.Namespace, "Pod", "web", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, webPod(80), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for m := next(t, recs, "check"); m["ok"] != true; m = next(t, recs, "check") {
	}
	if m := next(t, recs, "done"); m["ok"] != true {
		t.Errorf("done: %v", m)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ns, err := c.CoreV1().Namespaces().Get(ctx, pt.Namespace, metav1.GetOptions{})
	if err != nil || ns.Labels[practice.Label] != "true" {
		t.Errorf("practice namespace: %v %v", ns, err)
	}
}

// A live practice that runs out of time with a task not done stops with
// an error that keeps its code and tells the task and why, in the reader's
// language.
func TestLiveTimeoutNamesTheTask(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	s.Timeout = 2 * time.Second
	recs, done := records(ctx, s)
	next(t, recs, "task")
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, webPod(0), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	next(t, recs, "check")
	for range recs {
	}
	err = <-done
	if !errors.Is(err, practice.ErrUnsolved) || text.Key(err) != "err.practice.unsolved.task" {
		t.Fatalf("got %v (code %q), want err.practice.unsolved.task", err, text.Key(err))
	}
	en, ko := (text.Scene{Lang: "en"}).Tell(err), text.Scene{Lang: "ko"}.Tell(err)
	if !strings.HasPrefix(en, "task web: ") || !strings.Contains(ko, "web 과제") || en == ko || strings.Contains(ko, "<") {
		t.Errorf("en %q, ko %q", en, ko)
	}
}

// The student deletes the practice namespace: kpod says so and makes it
// again; Ctrl-C then stops cleanly and deletes nothing.
func TestNamespaceDeletedThenCtrlC(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, webPod(0), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	sctx, stop := context.WithCancel(ctx)
	recs, done := records(sctx, s)
	next(t, recs, "check")
	if err := c.CoreV1().Namespaces().Delete(ctx, pt.Namespace, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	for m := next(t, recs, "note"); !strings.Contains(m["text"].(string), "was deleted"); m = next(t, recs, "note") {
	}
	for m := next(t, recs, "note"); !strings.Contains(m["text"].(string), "created"); m = next(t, recs, "note") {
	}
	if _, err := c.CoreV1().Namespaces().Get(ctx, pt.Namespace, metav1.GetOptions{}); err != nil {
		t.Errorf("namespace not made again: %v", err)
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Ctrl-C: %v", err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Get(ctx, "web", metav1.GetOptions{}); err != nil {
		t.Errorf("the student's Pod is gone after Ctrl-C: %v", err)
	}
}

// Enter gives the next hint; the last is the solution with the real namespace.
func TestHintsOnEnter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, _, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	in, enter := io.Pipe()
	s.Env.In = ui.NewLines(ctx, in)
	recs, done := records(ctx, s)
	next(t, recs, "task")
	var texts []string
	for i := 0; i < 3; i++ {
		go enter.Write([]byte("\n"))
		m := next(t, recs, "hint")
		texts = append(texts, m["text"].(string))
	}
	if !strings.Contains(texts[2], "kubectl run web --image="+pt.Images["web"]+" --port=80 -n "+pt.Namespace) {
		t.Errorf("the last hint is not the solution: %q", texts[2])
	}
	cancel()
	<-done
}

// --check evaluates once: an error naming the count until every task holds.
func TestCheckOnce(t *testing.T) {
	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, out := newCoach(t, "run", "web", "reach")
	s.Env.Clients = clients
	err = s.Check(ctx)
	if !errors.Is(err, practice.ErrUnsolved) || !strings.Contains(err.Error(), "2 of 2") {
		t.Fatalf("empty namespace: %v", err)
	}
	w := pt.World([]*corev1.Pod{webPod(80)}, nil)
	add(t, c, w.Pods[0])
	out.Reset()
	err = s.Check(ctx)
	if err == nil || !strings.Contains(err.Error(), "1 of 2") || !strings.Contains(out.String(), "No Pod in namespace kpod-practice does this yet") {
		t.Fatalf("web only: %v\n%s", err, out.String())
	}
}

func add(t *testing.T, c kubernetes.Interface, p *corev1.Pod) {
	t.Helper()
	if _, err := c.CoreV1().Pods(p.Namespace).Create(context.Background(), p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// --reset lists, asks, and deletes only what is in a practice namespace.
func TestReset(t *testing.T) {
	ctx := context.Background()
	labelled := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: pt.Namespace, Labels: map[string]string{practice.Label: "true"}}}
	mine := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "mine"}}
	clients, c, err := lessontest.FakeClients(ctx, nil, labelled, mine,
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "kube-root-ca.crt", Namespace: pt.Namespace}},
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: pt.Namespace}})
	if err != nil {
		t.Fatal(err)
	}
	add(t, c, webPod(80))
	static := webPod(80) // the mirror of the student's static Pod
	static.Name, static.Spec.NodeName = "mine-node-1", "node-1"
	static.Annotations = map[string]string{corev1.MirrorPodAnnotationKey: "6f1f4c1e"}
	add(t, c, static)
	s, _ := newCoach(t, "run")
	s.Env.Clients = clients
	var out bytes.Buffer
	if err := s.Reset(ctx, &out, func() bool { return false }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pod/web") || !strings.Contains(out.String(), "service/db") || strings.Contains(out.String(), "kube-root-ca") {
		t.Errorf("list:\n%s", out.String())
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Get(ctx, "web", metav1.GetOptions{}); err != nil {
		t.Fatalf("deleted without confirmation: %v", err)
	}
	out.Reset()
	if err := s.Reset(ctx, &out, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Get(ctx, "web", metav1.GetOptions{}); !kube.IsNotFound(err) {
		t.Errorf("pod/web not deleted: %v", err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Get(ctx, "mine-node-1", metav1.GetOptions{}); err != nil {
		t.Errorf("the mirror of the student's static Pod was deleted: %v", err)
	}
	if !strings.Contains(out.String(), "pod/mine-node-1 is the mirror of a static Pod that the kubelet on node node-1 runs from a file") {
		t.Errorf("reset does not say why it leaves the mirror Pod:\n%s", out.String())
	}
	if _, err := c.CoreV1().ConfigMaps(pt.Namespace).Get(ctx, "kube-root-ca.crt", metav1.GetOptions{}); err != nil {
		t.Errorf("the root CA ConfigMap was deleted: %v", err)
	}
	s.Env.Namespace = "mine"
	if err := s.Reset(ctx, &out, func() bool { return true }); err == nil || !strings.Contains(err.Error(), "not made by kpod practice") {
		t.Errorf("reset of a namespace kpod did not make: %v", err)
	}
}

// crashing is pod/web as the kubelet shows it after its container exited
// with code 3 twice (the fake kubelet leaves a Pod with a node and a phase alone).
func crashing() *corev1.Pod {
	p := webPod(80)
	p.UID = "uid-web"
	p.Spec.NodeName = "node"
	p.Status = corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{
		Name: "web", Image: pt.Images["web"], RestartCount: 2,
		State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 3, Reason: "Error"}},
	}}}
	return p
}

// When the student's Pod goes wrong, the live practice says why once, as
// kpod why does, and passes nothing; Enter then gives that problem's hints
// before the task's own.
func TestDiagnosisWhilePractising(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	in, enter := io.Pipe()
	s.Env.In = ui.NewLines(ctx, in)
	recs, done := records(ctx, s)
	next(t, recs, "task")
	add(t, c, crashing())
	var diag map[string]any
	for m := range recs {
		if m["type"] == "check" && m["ok"] == true {
			t.Fatalf("a crashing Pod passed: %v", m)
		}
		if m["type"] == "diagnosis" {
			diag = m
			break
		}
	}
	if diag["case"] != "crash-loop" || diag["pod"] != "web" || !strings.Contains(diag["text"].(string), "exit code 3") {
		t.Fatalf("diagnosis: %v", diag)
	}
	// A further change to the same problem is not told again.
	p := crashing()
	p.Status.ContainerStatuses[0].RestartCount = 3
	if _, err := c.CoreV1().Pods(pt.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	go enter.Write([]byte("\n"))
	for m := range recs {
		if m["type"] == "diagnosis" {
			t.Fatalf("told twice: %v", m)
		}
		if m["type"] == "hint" {
			if m["task"] != "pod/web" || m["n"] != 1.0 || !strings.Contains(m["text"].(string), "kubectl logs web") {
				t.Errorf("first hint: %v", m)
			}
			break
		}
	}
	cancel()
	<-done
}

// --check says why the Pod a failing task looks at is unwell.
func TestCheckDiagnoses(t *testing.T) {
	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	add(t, c, crashing())
	s, out := newCoach(t, "run", "web")
	s.Env.Clients = clients
	if err := s.Check(ctx); !errors.Is(err, practice.ErrUnsolved) {
		t.Fatalf("a crashing Pod: %v", err)
	}
	if !strings.Contains(out.String(), "pod/web: Container keeps crashing") || !strings.Contains(out.String(), "exit code 3") {
		t.Errorf("no diagnosis:\n%s", out.String())
	}
}

// --check reads a diagnosis's Services as kpod why does: a Pod whose
// readiness probe fails is told as lost by the Service that selects it.
func TestCheckDiagnosisNamesTheService(t *testing.T) {
	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := webPod(80)
	p.UID, p.Labels, p.Spec.NodeName = "uid-web", map[string]string{"app": "web"}, "node"
	p.Spec.Containers[0].ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}}}
	now := metav1.Now()
	p.Status = corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{
		Name: "web", Image: pt.Images["web"], State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
	}}}
	add(t, c, p)
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "web.unhealthy", Namespace: pt.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", Namespace: pt.Namespace, UID: p.UID, FieldPath: "spec.containers{web}"},
		Type:           "Warning", Reason: "Unhealthy", Count: 5, FirstTimestamp: now, LastTimestamp: now,
		Message: "Readiness probe failed: dial tcp 10.244.0.7:80: connect: connection refused"}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "front", Namespace: pt.Namespace},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}}}}
	if _, err := c.CoreV1().Events(pt.Namespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CoreV1().Services(pt.Namespace).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	s, out := newCoach(t, "run", "web")
	s.Env.Clients = clients
	if err := s.Check(ctx); !errors.Is(err, practice.ErrUnsolved) {
		t.Fatalf("a Pod not ready: %v", err)
	}
	if !strings.Contains(out.String(), "readiness probe") || !strings.Contains(out.String(), "Service front does not send it traffic") {
		t.Errorf("the diagnosis does not name the Service:\n%s", out.String())
	}
}

// While the student practises, the timeline's words fit what happened and
// what exists: a BackOff about an image pull is told as one, not as a
// container that keeps stopping; Ready claims no Service where none
// selects the Pod.
func TestLiveAnnotationsFitTheObjects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	watches := lessontest.CountWatches(c)
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = clients
	recs, done := records(ctx, s)
	next(t, recs, "task")
	// The timeline alone watches Pods and Events: the practice reads them there.
	for _, r := range []string{"pods", "events"} {
		if err := watches.Wait(ctx, r, pt.Namespace, 1); err != nil {
			t.Fatalf("%s not watched: %v", r, err)
		}
	}
	add(t, c, webPod(0)) // the fake kubelet runs it: Ready, and no Service selects it
	now := metav1.NewTime(time.Now())
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "web.pull", Namespace: pt.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", Namespace: pt.Namespace},
		Reason:         "BackOff", Message: `Back-off pulling image "nginx:nope"`, Type: corev1.EventTypeNormal, Count: 1,
		FirstTimestamp: now, LastTimestamp: now}
	if _, err := c.CoreV1().Events(pt.Namespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	seen := map[any]map[string]any{}
	for seen["BackOff"] == nil || seen["Ready"] == nil {
		m := next(t, recs, "event")
		seen[m["reason"]] = m
	}
	if m := seen["BackOff"]; m["key"] != "event.BackOff.pull" || strings.Contains(m["text"].(string), "keeps stopping") {
		t.Errorf("image pull back-off told as: %v", m)
	}
	if m := seen["Ready"]; strings.Contains(m["text"].(string), "A Service now sends") {
		t.Errorf("Ready with no Service: %v", m)
	}
	cancel()
	<-done
}

// A drill's --dry-run shows its words and the broken objects kpod would
// make, with no cluster; its --check judges what is there once, as for a
// build task: a drill never started is told how to start it, kpod's broken
// Pod gets the coaching line and exit 1, the fixed Pod holds.
func TestDrillDryRunAndCheck(t *testing.T) {
	s, out := newCoach(t, "probe", "fix-probe")
	if err := s.DryRun(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Fix it: pod/site keeps restarting", "makes pod/site in kpod-practice, broken on purpose", "# fix-probe-setup.yaml", "port: 8080", "image: " + pt.Images["web"]} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run lacks %q:\n%s", want, out.String())
		}
	}

	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, out = newCoach(t, "probe", "fix-probe")
	s.Env.Clients = clients
	if err := s.Check(ctx); !errors.Is(err, practice.ErrUnsolved) || !strings.Contains(out.String(), "pod/site is not there: kpod makes it, broken, when you start task fix-probe without --check") {
		t.Fatalf("a drill not started: %v\n%s", err, out.String())
	}
	set, _ := findSet("probe")
	spec, _ := set.File.Spec("fix-probe")
	broken := played(t, []practice.Step{{Apply: spec.Setup}}).Pod("site")
	add(t, c, broken)
	out.Reset()
	if err := s.Check(ctx); !errors.Is(err, practice.ErrUnsolved) || !strings.Contains(out.String(), "not yet: pod/site's livenessProbe knocks on port 8080") {
		t.Fatalf("kpod's broken Pod: %v\n%s", err, out.String())
	}
	if err := c.CoreV1().Pods(pt.Namespace).Delete(ctx, "site", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	add(t, c, played(t, spec.Solution).Pod("site"))
	out.Reset()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("the fixed Pod: %v\n%s", err, out.String())
	}
}

// Two practices started together in one namespace: both look, find no
// namespace, and make it; the one that comes second finds it made and
// goes on.
func TestTwoPracticesStartTogether(t *testing.T) {
	c := fake.NewClientset()
	c.PrependReactor("get", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewNotFound(corev1.Resource("namespaces"), pt.Namespace)
	})
	errs := make(chan error, 2)
	for range 2 {
		s, _ := newCoach(t, "run")
		s.Env.Clients = &kube.Clients{Client: c}
		go func() { errs <- s.EnsureNamespace(context.Background()) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a practice starting beside another: %v", err)
		}
	}
	ns, err := c.Tracker().Get(corev1.SchemeGroupVersion.WithResource("namespaces"), "", pt.Namespace)
	if err != nil {
		t.Fatal(err)
	}
	if l := ns.(*corev1.Namespace).Labels; l[practice.Label] != "true" || l[kube.WorkspaceLabel] != "true" || l[kube.ManagedBy] != kube.ManagedByValue {
		t.Errorf("namespace labels %v", l)
	}
}

// A practice that may not make its namespace says so in practice's own
// words, with the API's reason, in the student's language.
func TestNamespaceForbidden(t *testing.T) {
	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.PrependReactor("create", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(corev1.Resource("namespaces"), pt.Namespace, errors.New("no"))
	})
	s, _ := newCoach(t, "run")
	s.Env.Clients = clients
	err = s.Run(ctx)
	if !text.HasKey(err, "err.practice.namespace") {
		t.Fatalf("Run: %v, want err.practice.namespace", err)
	}
	for lang, want := range map[string]string{"en": "creating namespace " + pt.Namespace, "ko": pt.Namespace + " 네임스페이스를 만들지 못했습니다"} {
		if got := (text.Scene{Lang: lang}).Tell(err); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// The check of a change comes after the timeline's lines for it: the
// practice judges the Pods as its timeline told them, on no watch of its
// own. One Pod made Ready in one change: the timeline's lines about it,
// then the task's ✓.
func TestCheckAfterTheTimelinesLine(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := fake.NewClientset()
	watches := lessontest.CountWatches(c)
	s, _ := newCoach(t, "run", "web")
	s.Env.Clients = &kube.Clients{Client: c}
	recs, done := records(ctx, s)
	next(t, recs, "task")
	for _, r := range []string{"pods", "events", "services"} {
		if err := watches.Wait(ctx, r, pt.Namespace, 1); err != nil {
			t.Fatalf("%s not watched: %v", r, err)
		}
	}
	ready := webPod(80)
	ready.Spec.NodeName = "node-1"
	ready.Status = corev1.PodStatus{Phase: corev1.PodRunning,
		Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
		ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Image: pt.Images["web"], Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}}
	add(t, c, ready)
	told := false
	for m := range recs {
		switch {
		case m["type"] == "event" && m["pod"] == "web":
			told = true
		case m["type"] == "check" && m["ok"] == true:
			if !told {
				t.Fatalf("✓ before the timeline's line for the change: %v", m)
			}
			cancel()
		}
	}
	<-done
	if !told {
		t.Fatal("the timeline told nothing of pod/web")
	}
}
