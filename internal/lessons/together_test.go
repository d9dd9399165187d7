package lessons

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/timeline"
)

func pending(name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kpod", UID: types.UID("uid-" + name)},
		Status: corev1.PodStatus{Phase: corev1.PodPending}}
}

func ready(name string) *corev1.Pod {
	p := pending(name)
	p.Status.Phase = corev1.PodRunning
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	return p
}

// lockedBuffer is a bytes.Buffer that a test may read while a wait writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// togetherSession is testSession on a fake cluster holding objs, its
// output to out, waiting timeout at most, with the run's timeline watching
// that cluster until the test ends.
func togetherSession(t *testing.T, out io.Writer, timeout time.Duration, objs ...runtime.Object) *Session {
	t.Helper()
	s := testSession(objs...)
	s.Config.Timeout, s.Report = timeout, report.NewHuman(out)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s.timeline = timeline.NewWatch(timeline.Config{Client: s.Env.Clients.Client, Namespace: s.Env.Namespace, Clock: s.Env.Clock, Lang: s.Env.Lang, Report: func(report.Annotation) {}})
	if err := s.timeline.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// put makes p in s's fake cluster, or changes it there: the timeline sees it soon after.
func put(t *testing.T, s *Session, p *corev1.Pod) {
	t.Helper()
	pods := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace)
	_, err := pods.Update(context.Background(), p, metav1.UpdateOptions{})
	if apierrors.IsNotFound(err) {
		_, err = pods.Create(context.Background(), p, metav1.CreateOptions{})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Pods waited for together are told in the order they get there, each at
// once, not in the order they were named.
func TestWaitAllInTheOrderMet(t *testing.T) {
	var out lockedBuffer
	s := togetherSession(t, &out, 10*time.Second, ready("second")) // there before the wait began
	a := WaitAll(Ready, "first", "second", "third")
	if got := a.show(s); got != "kubectl wait --for=condition=Ready pod/first pod/second pod/third -n kpod" {
		t.Errorf("shown as %q", got)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := a.run(context.Background(), s)
		errc <- err
	}()
	told := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for strings.Count(out.String(), "condition met") < n && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
	told(1)
	put(t, s, pending("first"))
	put(t, s, ready("third"))
	told(2)
	put(t, s, ready("first"))
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	want := "pod/second condition met\n  pod/third condition met\n  pod/first condition met"
	if !strings.Contains(out.String(), want) {
		t.Errorf("told\n%s\nwant the order second, third, first", out.String())
	}
}

// A Pod that does not get there within the timeout is named in the error;
// the ones that did were told.
func TestWaitAllTimeout(t *testing.T) {
	var out bytes.Buffer
	s := togetherSession(t, &out, 50*time.Millisecond, ready("fast"), pending("slow"))
	_, err := WaitAll(Ready, "fast", "slow").run(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "pod/slow") || strings.Contains(err.Error(), "pod/fast") {
		t.Errorf("error %v, want one about pod/slow", err)
	}
	if !strings.Contains(out.String(), "pod/fast condition met") {
		t.Errorf("pod/fast was not told:\n%s", out.String())
	}
}

// A Pod that cannot start stops the wait at once with its reason.
func TestWaitAllStuck(t *testing.T) {
	var out bytes.Buffer
	bad := pending("bad")
	bad.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "c", Image: "nope:1",
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ErrImagePull"}}}}
	s := togetherSession(t, &out, 10*time.Second, bad)
	start := time.Now()
	_, err := WaitAll(Ready, "ok", "bad").run(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "nope:1") || time.Since(start) > 5*time.Second {
		t.Errorf("error %v after %s, want the image problem at once", err, time.Since(start))
	}
}

// WaitEvent finds an Event that came before it began, for this Pod's UID
// only, and keeps its message as a fact.
func TestWaitEvent(t *testing.T) {
	big := pending("too-big")
	var out bytes.Buffer
	s := togetherSession(t, &out, 5*time.Second, big,
		&corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "old", Namespace: "kpod"}, Reason: "FailedScheduling", Message: "an earlier Pod",
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "too-big", UID: "an-old-uid"}},
		&corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e1", Namespace: "kpod"}, Reason: "FailedScheduling", Message: "0/1 nodes are available",
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "too-big", UID: big.UID}})
	s.Report = report.NewJSON(&out, s.Since)
	const why Fact[string] = "why"
	if _, err := WaitEvent("too-big", "FailedScheduling", why).run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got, _ := why.Get(s); got != "0/1 nodes are available" {
		t.Errorf("fact why = %v", got)
	}
	s.Config.Timeout = 50 * time.Millisecond
	_, err := WaitEvent("too-big", "Preempted", "x").run(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "Preempted") {
		t.Errorf("no Preempted event: error %v", err)
	}
}

// Patch sends a merge patch and says what kubectl says.
func TestPatch(t *testing.T) {
	s := testSession(&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "kpod"}, Data: map[string]string{"target": "a"}})
	a := Patch("ConfigMap", "cfg", `{"data":{"target":"b"}}`)
	if got := a.show(s); got != `kubectl patch configmap cfg -p '{"data":{"target":"b"}}' -n kpod` {
		t.Errorf("shown as %q", got)
	}
	got, err := a.run(context.Background(), s)
	if err != nil || got.Text != "configmap/cfg patched" {
		t.Fatalf("%q, %v", got.Text, err)
	}
	cm, _ := s.Env.Clients.Client.CoreV1().ConfigMaps("kpod").Get(context.Background(), "cfg", metav1.GetOptions{})
	if cm.Data["target"] != "b" {
		t.Errorf("target %q", cm.Data["target"])
	}
}

// FollowLog reads until enough lines count, keeps the count, and says how
// many came when the log ends first. (The fake API server's log of every
// container is the one line "fake logs".)
func TestFollowLog(t *testing.T) {
	var out bytes.Buffer
	s := togetherSession(t, &out, 5*time.Second)
	s.Report = report.NewJSON(&out, s.Since)
	const shipped Fact[int] = "shipped"
	a := FollowLog("app", "shipper", 1, nil).Into(shipped)
	if got := a.show(s); got != "kubectl logs app -c shipper -f -n kpod" {
		t.Errorf("shown as %q", got)
	}
	if got := FollowLog("app", "shipper", 1, nil).Once().show(s); got != "kubectl logs app -c shipper -n kpod" {
		t.Errorf("Once: shown as %q", got)
	}
	got, err := a.run(context.Background(), s)
	if err != nil || got.Text != "fake logs\n" {
		t.Fatalf("%q, %v", got.Text, err)
	}
	if n, _ := shipped.Get(s); n != 1 {
		t.Errorf("shipped = %v", n)
	}
	const access ExecFacts = "access"
	access.Output().Set(s, "a\nb\n")
	_, err = FollowLog("app", "shipper", 0, nil).Upto(access.Output()).run(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "1 of 2") {
		t.Errorf("two lines wanted, one came: error %v", err)
	}
	if _, err := FollowLog("app", "shipper", 1, func(l string) bool { return false }).run(context.Background(), s); err == nil {
		t.Error("no line counted, yet no error")
	}
}

// waitingSaid keeps what a Report was asked to wait for.
type waitingSaid struct {
	report.Reporter

	said []string
}

func (w *waitingSaid) Waiting(what string) func() {
	w.said = append(w.said, what)
	return func() {}
}

// The live spinner's condition word comes from the messages, in the
// session's language: an Event's reason is "FailedScheduling 이벤트" in Korean.
func TestWaitEventSaysItsWaitInKorean(t *testing.T) {
	big := pending("too-big")
	var out bytes.Buffer
	s := togetherSession(t, &out, 5*time.Second, big, &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "e1", Namespace: "kpod"}, Reason: "FailedScheduling",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "too-big", UID: big.UID}})
	s.Env.Lang = "ko"
	w := &waitingSaid{Reporter: report.NewJSON(&out, s.Since)}
	s.Report = w
	if _, err := WaitEvent("too-big", "FailedScheduling", "why").run(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if want := "pod/too-big: FailedScheduling 이벤트를 기다리는 중"; len(w.said) != 1 || w.said[0] != want {
		t.Errorf("waited with %q, want %q", w.said, want)
	}
}

// The engine's own actions that delete or wait for a Pod say so in their
// Plan (scripts/bench follows them), and so do those that learn facts.
func TestDoActionsPlan(t *testing.T) {
	for name, c := range map[string]struct {
		a    Action
		want Plan
	}{
		"WaitGone": {WaitGone("web"), Plan{Waits: []string{"web"}}},
		"DeleteReplaced": {DeleteReplaced("web", "replaced"), Plan{Deletes: "web", Waits: []string{"web"},
			Learns: []string{"replaced.before", "replaced.after", "replaced.uid", "replaced.new-uid", "replaced.back-seconds"}}},
		"Patch": {Patch("ConfigMap", "cfg", `{}`), Plan{}},
	} {
		got, err := c.a.Plan()
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Plan() = %+v, %v; want %+v", name, got, err, c.want)
		}
	}
}
