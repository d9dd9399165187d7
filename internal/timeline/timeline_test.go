package timeline

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	clocktesting "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// testOrigin is the +0.0s of testTimeline's Watch.
var testOrigin = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testTimeline is a Watch in lang that keeps what it tells, its clock
// ticking 0.5s a look from testOrigin; set changes its Config first.
func testTimeline(lang string, set ...func(*Config)) (*Watch, *[]report.Annotation) {
	var got []report.Annotation
	c := Config{Origin: testOrigin, Clock: &clocktesting.SimpleIntervalClock{Time: testOrigin, Duration: 500 * time.Millisecond}, Lang: lang,
		Report: func(a report.Annotation) { got = append(got, a) }}
	for _, f := range set {
		f(&c)
	}
	return NewWatch(c), &got
}

// A container that goes over its memory limit: OOMKilled with 137, then restarted.
func TestTimelineTellsOOMKillAndRestart(t *testing.T) {
	tl, got := testTimeline("en")
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "hog", UID: "u1"}, Spec: corev1.PodSpec{NodeName: "node-1"},
		Status: corev1.PodStatus{Phase: "Running", ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}}}
	tl.podChanged(pod, false)
	*got = nil
	next := pod.DeepCopy()
	next.Status.ContainerStatuses[0] = corev1.ContainerStatus{Name: "app", RestartCount: 1,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			Reason: "OOMKilled", ExitCode: 137, ContainerID: "containerd://1", FinishedAt: metav1.Now()}}}
	tl.podChanged(next, false)
	tl.podChanged(next.DeepCopy(), false) // the same state again says nothing new

	var b bytes.Buffer
	h := report.NewHuman(&b)
	for _, a := range *got {
		h.Event(a)
	}
	want := []string{
		"OOMKilled        pod/hog [app] Container app used more memory than its limit, so the kernel killed it (exit code 137 = 128 + 9, SIGKILL).",
		"Restarted        pod/hog [app] The kubelet restarted container app in the same Pod, on the same node (restartCount is now 1).",
		"CrashLoopBackOff pod/hog The container stopped again and the kubelet is waiting before the next restart (the back-off).",
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), b.String())
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d: %q lacks %q", i, lines[i], w)
		}
	}
	if (*got)[0].Reason != "OOMKilled" {
		t.Errorf("reason %q", (*got)[0].Reason)
	}
}

// Event counts go up as a probe keeps failing; each new count is told once,
// old Events and other Pods' Events are not.
func TestTimelineEvents(t *testing.T) {
	tl, got := testTimeline("ko", func(c *Config) { c.Since = testOrigin })
	tl.Track("web")
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "Unhealthy", Count: 1,
		Message:        "Liveness probe failed: HTTP probe failed with statuscode: 404",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{web}"},
		LastTimestamp:  metav1.NewTime(testOrigin.Add(time.Second))}
	tl.eventSeen(ev)
	tl.eventSeen(ev.DeepCopy())
	ev2 := ev.DeepCopy()
	ev2.Count = 2
	tl.eventSeen(ev2)
	old := ev.DeepCopy()
	old.UID, old.LastTimestamp = "e0", metav1.NewTime(testOrigin.Add(-time.Hour))
	tl.eventSeen(old)
	other := ev.DeepCopy()
	other.UID, other.InvolvedObject.Name = "e2", "not-ours"
	tl.eventSeen(other)
	unknown := ev.DeepCopy()
	unknown.UID, unknown.Reason, unknown.Message = "e3", "SomethingNew", "raw words"
	tl.eventSeen(unknown)

	ready := ev.DeepCopy()
	ready.UID, ready.Message = "e4", "Readiness probe failed: HTTP probe failed with statuscode: 503"
	tl.eventSeen(ready)

	if len(*got) != 4 {
		t.Fatalf("got %d annotations: %+v", len(*got), *got)
	}
	// The first liveness failure is explained in full, the count included;
	// the next one is shortened.
	if a := (*got)[0]; !strings.Contains(a.Text, "활성 프로브(livenessProbe)") || !strings.Contains(a.Text, "×2, ×3") {
		t.Errorf("first Unhealthy: %+v", a)
	}
	a := (*got)[1]
	if a.Count != 2 || a.Container != "web" || !strings.Contains(a.Text, "statuscode: 404") || strings.Contains(a.Text, "failureThreshold") {
		t.Errorf("second Unhealthy: %+v", a)
	}
	// A reason kpod has no words for shows its message, in a Korean sentence.
	if u := (*got)[2]; u.Label != "SomethingNew" || !strings.Contains(u.Text, "raw words") || !strings.Contains(u.Text, "이벤트") {
		t.Errorf("unknown reason not shown in a Korean sentence: %+v", u)
	}
	// A readiness failure restarts nothing, and says so.
	if r := (*got)[3]; !strings.Contains(r.Text, "준비성 프로브(readinessProbe)") || !strings.Contains(r.Text, "아무것도 다시 시작하지 않습니다") {
		t.Errorf("readiness Unhealthy: %+v", r)
	}
}

// The kubelet's message may end in "failed:" with nothing after it (an exec
// probe that printed nothing): no "failed:." then. The first line shows no
// ×1, so its note speaks of the ×2, ×3 of the later lines.
func TestUnhealthyFirstLine(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		for _, msg := range []string{"Liveness probe failed: ", "Startup probe failed:", "Readiness probe failed:", "Unknown probe failed:"} {
			tl, got := testTimeline(lang)
			tl.Track("web")
			tl.eventSeen(&corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "Unhealthy", Count: 1, Message: msg,
				InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{web}"},
				LastTimestamp:  metav1.NewTime(testOrigin.Add(time.Second))})
			if len(*got) != 1 {
				t.Fatalf("%s %q: got %d annotations", lang, msg, len(*got))
			}
			a := (*got)[0]
			if strings.Contains(a.Text, ":.") || strings.Contains(a.Text, "×1") || !strings.Contains(a.Text, strings.TrimSpace(msg)) {
				t.Errorf("%s %q: %q", lang, msg, a.Text)
			}
			if strings.HasPrefix(msg, "Liveness") && !strings.Contains(a.Text, "×2, ×3") {
				t.Errorf("%s %q: no count note: %q", lang, msg, a.Text)
			}
		}
	}
}

func TestEventKey(t *testing.T) {
	for msg, want := range map[string]string{
		"Liveness probe failed: x":  "event.Unhealthy.liveness",
		"Readiness probe failed: x": "event.Unhealthy.readiness",
		"Startup probe failed: x":   "event.Unhealthy.startup",
		"Liveness probe errored: x": "event.Unhealthy.liveness",
		"something else":            "event.Unhealthy",
	} {
		if got := eventKey(&corev1.Event{Reason: "Unhealthy", Message: msg}); got != want {
			t.Errorf("%q: got %s, want %s", msg, got, want)
		}
	}
}

// A crash-looping Pod from before the timeline started: its history is
// told once, in time order, its crashes in one line; then it goes live.
func TestTimelineHistoryOfAnOldPod(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	at := func(s int) metav1.Time { return metav1.NewTime(start.Add(time.Duration(s) * time.Second)) }
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "crash", Namespace: "ns", UID: "u1", CreationTimestamp: at(-300)},
		Spec: corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "app"}}},
		Status: corev1.PodStatus{Phase: "Running", PodIP: "10.0.0.9", StartTime: &[]metav1.Time{at(-299)}[0],
			Conditions: []corev1.PodCondition{
				{Type: corev1.PodReadyToStartContainers, Status: "True", LastTransitionTime: at(-298)},
				{Type: corev1.PodReady, Status: "True", LastTransitionTime: at(-5)}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, RestartCount: 3,
				State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(-5)}},
				LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
					ExitCode: 3, Reason: "Error", ContainerID: "containerd://3", StartedAt: at(-60), FinishedAt: at(-58)}}}}}}
	ev := func(uid, reason, msg string, count int32, first, last int) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: uid, Namespace: "ns", UID: types.UID(uid)}, Reason: reason, Message: msg, Count: count,
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "crash", UID: "u1", FieldPath: "spec.containers{app}"},
			FirstTimestamp: at(first), LastTimestamp: at(last)}
	}
	c := fake.NewClientset(pod,
		ev("e3", "BackOff", "Back-off restarting failed container app", 5, -250, -30),
		ev("e1", "Scheduled", "Successfully assigned ns/crash to node-1", 1, -300, -300),
		ev("e2", "Started", "Started container app", 4, -297, -5),
		ev("e0", "Started", "Started container app", 1, -4000, -4000)) // another Pod of that name, long ago
	var got []report.Annotation
	clk := &clocktesting.SimpleIntervalClock{Time: start, Duration: 10 * time.Millisecond}
	tl := NewWatch(Config{Client: c, Namespace: "ns", Name: "crash", Origin: pod.CreationTimestamp.Time, Since: pod.CreationTimestamp.Add(-time.Second),
		Clock: clk, Lang: "en", Report: func(a report.Annotation) { got = append(got, a) }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := tl.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	h := report.NewHuman(&b)
	for i, a := range got {
		h.Event(a)
		if i > 0 && a.At < got[i-1].At {
			t.Errorf("out of time order: %v after %v", a.At, got[i-1].At)
		}
	}
	out := b.String()
	t.Log("\n" + out)
	for _, want := range []string{"Scheduled", "restarted container app 3 times; its last run ended with exit code 3 (Error)", "Started ×4", "BackOff ×5",
		"runs and is ready again, but its last run ended with exit code 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Every container is running and ready") || strings.Count(out, "Terminated") > 0 || strings.Count(out, "Started") != 1 {
		t.Errorf("history tells a crashing container ready, or a line twice:\n%s", out)
	}
	// Live from now on: the next crash is told as it happens.
	got = nil
	next := pod.DeepCopy()
	next.Status.ContainerStatuses[0].RestartCount = 4
	next.Status.ContainerStatuses[0].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}
	next.Status.ContainerStatuses[0].LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 3, Reason: "Error", ContainerID: "containerd://4", FinishedAt: metav1.NewTime(clk.Time)}
	tl.podChanged(next, false)
	if len(got) == 0 || got[0].Reason != "Error" {
		t.Errorf("live after the history: %+v", got)
	}
}

// A BackOff about an image pull is not a container that keeps stopping.
func TestBackOffPullingImage(t *testing.T) {
	ev := &corev1.Event{Reason: "BackOff", Message: `Back-off pulling image "nginx:nope"`}
	if got := eventKey(ev); got != "event.BackOff.pull" {
		t.Fatalf("key %s", got)
	}
	for _, lang := range []string{"en", "ko"} {
		body := words.Get(lang, "event.BackOff.pull").Body
		if strings.Contains(body, "keeps stopping") || strings.Contains(body, "계속 종료") || !strings.Contains(body, map[string]string{"en": "image", "ko": "이미지"}[lang]) {
			t.Errorf("%s: %q", lang, body)
		}
	}
	if got := eventKey(&corev1.Event{Reason: "BackOff", Message: "Back-off restarting failed container web"}); got != "event.BackOff" {
		t.Errorf("restart back-off: key %s", got)
	}
	for _, lang := range []string{"en", "ko"} {
		if body := words.Get(lang, "pod.ready").Body; strings.Contains(body, "A Service now sends") || strings.Contains(body, "이제 서비스가 이 파드로") {
			t.Errorf("%s pod.ready says a Service sends traffic where none may select the Pod: %q", lang, body)
		}
	}
}

// startedTimeline is testTimeline watching c's namespace "ns" until the
// test ends.
func startedTimeline(t *testing.T, c *fake.Clientset, set ...func(*Config)) *Watch {
	t.Helper()
	tl, _ := testTimeline("en", append([]func(*Config){func(cfg *Config) { cfg.Client, cfg.Namespace = c, "ns" }}, set...)...)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := tl.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return tl
}

// UntilGone and UntilReplaced wait on the timeline's own Pod changes. A
// Pod the timeline has not seen and the API does not know is gone at once;
// a nil timeline is not watching.
func TestTimelineGoneAndReplaced(t *testing.T) {
	tl := startedTimeline(t, fake.NewClientset())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tl.UntilGone(ctx, "other"); err != nil {
		t.Errorf("UntilGone of a Pod that is not there: %v, want at once", err)
	}
	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	defer stop()
	if _, err := tl.UntilReplaced(short, "other", "u0", func(*corev1.Pod) bool { return true }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("UntilReplaced of a Pod that is not there: %v, want it to wait", err)
	}
	var none *Watch
	if err := none.UntilGone(ctx, "m"); !errors.Is(err, ErrNotWatching) {
		t.Errorf("UntilGone on a nil timeline: %v", err)
	}
	if _, err := none.Until(ctx, "m", nil); !errors.Is(err, ErrNotWatching) {
		t.Errorf("Until on a nil timeline: %v", err)
	}
	old := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "m", UID: "u1"}}
	tl.podChanged(old, false)

	gone := make(chan error, 1)
	go func() {
		gone <- tl.UntilGone(ctx, "m")
	}()
	type replaced struct {
		p   *corev1.Pod
		err error
	}
	back := make(chan replaced, 1)
	go func() {
		p, err := tl.UntilReplaced(ctx, "m", "u1", func(p *corev1.Pod) bool { return p.Status.Phase == corev1.PodRunning })
		back <- replaced{p, err}
	}()
	time.Sleep(50 * time.Millisecond) // let both wait (either order ends the same)
	tl.podChanged(old, true)
	if err := <-gone; err != nil {
		t.Errorf("UntilGone: %v", err)
	}
	if err := tl.UntilGone(ctx, "m"); err != nil {
		t.Errorf("UntilGone after the deletion: %v, want at once", err)
	}
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "m", UID: "u2"}}, false) // not Running yet
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "m", UID: "u2"}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}, false)
	r := <-back
	if r.err != nil || r.p == nil || r.p.UID != "u2" {
		t.Errorf("UntilReplaced: %v %v, want the Running Pod u2", r.p, r.err)
	}
}

// A Pod just made, that the API has and the timeline's watch has not told
// yet: UntilGone and UntilReplaced wait for the watch to tell it, and end
// once it tells the change they wait for.
func TestGoneAndReplacedOfAPodNotToldYet(t *testing.T) {
	c := fake.NewClientset()
	held := watch.NewFake() // the Pod watch: it tells only what the test sends
	c.PrependWatchReactor("pods", func(k8stesting.Action) (bool, watch.Interface, error) { return true, held, nil })
	tl := startedTimeline(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "m", Namespace: "ns", UID: "u1"}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	if _, err := c.CoreV1().Pods("ns").Create(ctx, m, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	gone := make(chan error, 1)
	go func() { gone <- tl.UntilGone(ctx, "m") }()
	back := make(chan *corev1.Pod, 1)
	go func() {
		p, _ := tl.UntilReplaced(ctx, "m", "u0", func(p *corev1.Pod) bool { return p.Status.Phase == corev1.PodRunning })
		back <- p
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-gone:
		t.Fatalf("UntilGone of a Pod the API has ended before the watch told it: %v", err)
	case p := <-back:
		t.Fatalf("UntilReplaced ended before the watch told the Pod: %v", p)
	default:
	}
	held.Add(m)
	if p := <-back; p == nil || p.UID != "u1" {
		t.Errorf("UntilReplaced: %v, want the Pod u1 once told", p)
	}
	held.Delete(m)
	if err := <-gone; err != nil {
		t.Errorf("UntilGone: %v", err)
	}
}

// The watch sees every Pod of its namespace: a wait for one its selector
// leaves out is answered on it, and the Pod is not told.
func TestWaitForAPodNotFollowed(t *testing.T) {
	pending := func(name string, labels map[string]string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", UID: types.UID("uid-" + name), Labels: labels},
			Status: corev1.PodStatus{Phase: corev1.PodPending}}
	}
	c := fake.NewClientset(pending("web", map[string]string{"app": "lesson"}), pending("other", nil))
	tl := startedTimeline(t, c, func(cfg *Config) { cfg.Selector = "app=lesson" })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pods := c.CoreV1().Pods("ns")
	go func() {
		time.Sleep(50 * time.Millisecond)
		up := pending("other", nil)
		up.Status.Phase = corev1.PodRunning
		if _, err := pods.Update(ctx, up, metav1.UpdateOptions{}); err != nil {
			t.Error(err)
		}
	}()
	p, err := tl.Until(ctx, "other", func(p *corev1.Pod) (bool, error) { return p.Status.Phase == corev1.PodRunning, nil })
	if err != nil || p.Status.Phase != corev1.PodRunning {
		t.Fatalf("Until of a Pod not followed: %v %v", p, err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		if err := pods.Delete(ctx, "other", metav1.DeleteOptions{}); err != nil {
			t.Error(err)
		}
	}()
	if err := tl.UntilGone(ctx, "other"); err != nil {
		t.Fatalf("UntilGone of a Pod not followed: %v", err)
	}
	if told := tl.Told("other"); len(told) > 0 {
		t.Errorf("told a Pod the selector leaves out: %+v", told)
	}
	if told := tl.Told("web"); len(told) == 0 {
		t.Errorf("the Pod the selector names is not told")
	}
}

// A timeline that is not watching, not started or stopped, ends a wait
// with ErrNotWatching at once, and Stop ends the waits parked; a watch of
// one Pod does not answer for another.
func TestWaitOnATimelineNotWatching(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	never := func(*corev1.Pod) (bool, error) { return false, nil }
	idle, _ := testTimeline("en")
	if _, err := idle.Until(ctx, "m", never); !errors.Is(err, ErrNotWatching) {
		t.Errorf("Until on a timeline not started: %v, want ErrNotWatching", err)
	}
	tl := startedTimeline(t, fake.NewClientset())
	parked := make(chan error, 1)
	go func() {
		_, err := tl.Until(ctx, "m", never)
		parked <- err
	}()
	time.Sleep(50 * time.Millisecond) // let it wait
	tl.Stop()
	if err := <-parked; !errors.Is(err, ErrNotWatching) {
		t.Errorf("Until waiting as the timeline stopped: %v, want ErrNotWatching", err)
	}
	waits := map[string]func() error{
		"Until":     func() error { _, err := tl.Until(ctx, "m", never); return err },
		"UntilGone": func() error { return tl.UntilGone(ctx, "m") },
		"UntilReplaced": func() error {
			_, err := tl.UntilReplaced(ctx, "m", "u0", func(*corev1.Pod) bool { return true })
			return err
		},
		"UntilEvent": func() error { _, err := tl.UntilEvent(ctx, "m", "u0", "Killing"); return err },
	}
	for name, wait := range waits {
		if err := wait(); !errors.Is(err, ErrNotWatching) {
			t.Errorf("%s on a stopped timeline: %v, want ErrNotWatching", name, err)
		}
	}
	one := startedTimeline(t, fake.NewClientset(), func(c *Config) { c.Name = "web" })
	if err := one.UntilGone(ctx, "m"); !errors.Is(err, ErrNotWatching) {
		t.Errorf("UntilGone of another Pod on a watch of pod/web: %v, want ErrNotWatching", err)
	}
}

// Until answers at once from the Pod it saw last, else waits for its next
// change; a deletion ends it with kube.ErrDeleted, its ctx with the Pod as
// last seen, and a stopped timeline says it is not watching.
func TestTimelineUntil(t *testing.T) {
	tl := startedTimeline(t, fake.NewClientset())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	running := func(p *corev1.Pod) (bool, error) { return p.Status.Phase == corev1.PodRunning, nil }
	pending := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "m", UID: "u1"}, Status: corev1.PodStatus{Phase: corev1.PodPending}}
	tl.podChanged(pending, false)
	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	defer stop()
	if p, err := tl.Until(short, "m", running); !errors.Is(err, context.DeadlineExceeded) || p == nil || p.Status.Phase != corev1.PodPending {
		t.Errorf("Until that ran out: %v %v, want the Pod as last seen", p, err)
	}
	ended := make(chan error, 1)
	go func() {
		_, err := tl.Until(ctx, "m", running)
		ended <- err
	}()
	time.Sleep(50 * time.Millisecond) // let it wait (either order ends the same)
	tl.podChanged(pending, true)
	if err := <-ended; !errors.Is(err, kube.ErrDeleted) {
		t.Errorf("Until of a Pod deleted: %v, want kube.ErrDeleted", err)
	}
	up := pending.DeepCopy()
	up.Status.Phase = corev1.PodRunning
	tl.podChanged(up, false)
	if p, err := tl.Until(ctx, "m", running); err != nil || p.Status.Phase != corev1.PodRunning {
		t.Errorf("Until of a Pod Running already: %v %v", p, err)
	}
	tl.Stop()
	if _, err := tl.Until(ctx, "m", running); !errors.Is(err, ErrNotWatching) {
		t.Errorf("Until on a stopped timeline: %v, want ErrNotWatching", err)
	}
}

// UntilEvent finds an Event the timeline's watch holds already, or waits
// for the next one it sees.
func TestTimelineUntilEvent(t *testing.T) {
	tl, _ := testTimeline("en")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := tl.UntilEvent(ctx, "big", "u1", "FailedScheduling"); !errors.Is(err, ErrNotWatching) {
		t.Errorf("UntilEvent without the timeline's Event watch: %v", err)
	}
	ev := func(name, reason string) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Reason: reason,
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "big", UID: "u1"}}
	}
	tl.events = map[string]*corev1.Event{}
	tl.eventSeen(ev("e1", "FailedScheduling"))
	if got, err := tl.UntilEvent(ctx, "big", "u1", "FailedScheduling"); err != nil || got.Name != "e1" {
		t.Errorf("UntilEvent of an Event there already: %v %v", got, err)
	}
	found := make(chan *corev1.Event, 1)
	go func() {
		got, _ := tl.UntilEvent(ctx, "big", "u1", "Preempted")
		found <- got
	}()
	time.Sleep(50 * time.Millisecond) // let it wait (either order ends the same)
	tl.eventSeen(ev("e2", "Scheduled"))
	tl.eventSeen(ev("e3", "Preempted"))
	if got := <-found; got == nil || got.Name != "e3" {
		t.Errorf("UntilEvent got %v, want e3", got)
	}
}

// The Pod watch and the Event watch are two streams: an Event about a Pod
// may come before the Pod itself. It is told once the Pod is seen, after
// the Pod's own lines, and never for a Pod the watch never shows.
func TestEventBeforeItsPod(t *testing.T) {
	tl, got := testTimeline("en")
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "BackOff", Count: 1,
		Message:        `Back-off pulling image "nginx:nope"`,
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{web}"},
		LastTimestamp:  metav1.NewTime(testOrigin.Add(time.Second))}
	tl.eventSeen(ev)
	other := ev.DeepCopy()
	other.UID, other.InvolvedObject.Name = "e2", "helper"
	tl.eventSeen(other)
	if len(*got) != 0 {
		t.Fatalf("told before the Pod was seen: %+v", *got)
	}
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Status: corev1.PodStatus{Phase: "Pending"}}, false)
	if len(*got) == 0 || (*got)[len(*got)-1].Reason != "BackOff" || (*got)[len(*got)-1].Pod != "web" {
		t.Fatalf("the Event held for web is not told last once web is seen: %+v", *got)
	}
	for _, a := range *got {
		if a.Pod == "helper" {
			t.Errorf("told an Event of a Pod never seen: %+v", a)
		}
	}
	n := len(*got)
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Status: corev1.PodStatus{Phase: "Pending"}}, false)
	if len(*got) != n {
		t.Errorf("the held Event told twice: %+v", (*got)[n:])
	}
}

// A Pod with a native sidecar is told the sidecar's way: its Init:N/M counts
// started sidecars, and Initialized does not wait for them to end.
func TestTimelineNativeSidecar(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	for _, tc := range []struct {
		sidecar bool
		want    []string
	}{
		{true, []string{"pod.status.init.sidecar", "pod.initialized.sidecar"}},
		{false, []string{"pod.status.init", "pod.initialized"}},
	} {
		tl, got := testTimeline("ko")
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Spec: corev1.PodSpec{NodeName: "node-1",
			InitContainers: []corev1.Container{{Name: "setup"}, {Name: "log"}},
			Containers:     []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{Phase: "Pending", InitContainerStatuses: []corev1.ContainerStatus{
				{Name: "setup", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ContainerID: "containerd://1", FinishedAt: metav1.Now()}}},
				{Name: "log", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}}},
				Conditions: []corev1.PodCondition{{Type: corev1.PodInitialized, Status: corev1.ConditionFalse}}}}
		if tc.sidecar {
			pod.Spec.InitContainers[1].RestartPolicy = &always
		}
		tl.podChanged(pod, false)
		next := pod.DeepCopy()
		next.Status.Conditions[0].Status = corev1.ConditionTrue
		next.Status.InitContainerStatuses[1].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
		started := true
		next.Status.InitContainerStatuses[1].Started = &started
		tl.podChanged(next, false)
		var keys []string
		for _, a := range *got {
			if strings.HasPrefix(a.Key, "pod.status.init") || strings.HasPrefix(a.Key, "pod.initialized") {
				keys = append(keys, a.Key)
				if tc.sidecar && !strings.Contains(a.Text, "사이드카") {
					t.Errorf("%s: %q says nothing of the sidecar", a.Key, a.Text)
				}
			}
		}
		if strings.Join(keys, " ") != strings.Join(tc.want, " ") {
			t.Errorf("sidecar %v: keys %v, want %v", tc.sidecar, keys, tc.want)
		}
	}
}

// PodInitializing does not say every init container is done when one of
// them is a native sidecar, which never ends.
func TestPodInitializingWithSidecar(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	started := true
	for _, sidecar := range []bool{true, false} {
		tl, got := testTimeline("en")
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Spec: corev1.PodSpec{NodeName: "node-1",
			InitContainers: []corev1.Container{{Name: "setup"}, {Name: "log"}},
			Containers:     []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{Phase: "Pending", InitContainerStatuses: []corev1.ContainerStatus{
				{Name: "setup", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ContainerID: "containerd://1", FinishedAt: metav1.Now()}}},
				{Name: "log", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ContainerID: "containerd://2", FinishedAt: metav1.Now()}}}},
				ContainerStatuses: []corev1.ContainerStatus{{Name: "app", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}}},
				Conditions:        []corev1.PodCondition{{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}}}}
		want := "pod.status.PodInitializing"
		if sidecar {
			pod.Spec.InitContainers[1].RestartPolicy = &always
			pod.Status.InitContainerStatuses[1].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
			pod.Status.InitContainerStatuses[1].Started = &started
			want += ".sidecar"
		}
		tl.podChanged(pod, false)
		var keys []string
		for _, a := range *got {
			if strings.HasPrefix(a.Key, "pod.status.") {
				keys = append(keys, a.Key)
			}
		}
		if len(keys) != 1 || keys[0] != want {
			t.Errorf("sidecar %v: status keys %v, want [%s]", sidecar, keys, want)
		}
	}
}

// ErrImageNeverPull names the node when the Pod has one, and says why the
// kubelet does not pull: imagePullPolicy Never.
func TestErrImageNeverPull(t *testing.T) {
	for _, c := range []struct {
		lang, node, want string
	}{
		{"en", "node-1", "The image is not on node node-1, and with imagePullPolicy Never"},
		{"en", "", "The image is not on the node, and with imagePullPolicy Never"},
		{"ko", "node-1", "node-1 노드에 이미지가 없습니다. imagePullPolicy가 Never라서"},
		{"ko", "", "노드에 이미지가 없습니다. imagePullPolicy가 Never라서"},
	} {
		tl, got := testTimeline(c.lang)
		tl.Track("web")
		tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Spec: corev1.PodSpec{NodeName: c.node},
			Status: corev1.PodStatus{Phase: "Pending"}}, false)
		tl.eventSeen(&corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "ErrImageNeverPull", Count: 1,
			Message:        `Container image "web:local" is not present with pull policy of Never`,
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{web}"},
			LastTimestamp:  metav1.NewTime(testOrigin.Add(time.Second))})
		a := (*got)[len(*got)-1]
		if a.Reason != "ErrImageNeverPull" || !strings.HasPrefix(a.Text, c.want) {
			t.Errorf("%s, node %q: %q, want it to start %q", c.lang, c.node, a.Text, c.want)
		}
	}
}

// A lesson's Pod of an earlier run, already stopping when the timeline
// starts (a run does not wait for its Pods to go), is not told: neither
// it, its deletion nor its Events. The new Pod of that name is.
func TestStoppingPodOfEarlierRunNotTold(t *testing.T) {
	tl, got := testTimeline("en")
	tl.narrator.replay = true
	gone := metav1.NewTime(testOrigin.Add(-4 * time.Second))
	old := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "old", DeletionTimestamp: &gone},
		Status: corev1.PodStatus{Phase: "Running"}}
	tl.podChanged(old, false)
	tl.eventSeen(&corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "Killing", Count: 1,
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", UID: "old"}, LastTimestamp: gone})
	for _, a := range tl.history() {
		t.Errorf("told from the earlier run: %+v", a)
	}
	tl.podChanged(old, true)
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "new"}, Status: corev1.PodStatus{Phase: "Pending"}}, false)
	if len(*got) != 1 || (*got)[0].Key != "pod.phase.Pending" {
		t.Errorf("want only the new Pod's Pending, got %+v", *got)
	}
}

// The Events of an earlier run's Pod that keep coming while it stops (its
// kubelet still pulling) are not told once this run makes a Pod of that
// name: a pause recording showed the earlier Pod's ErrImagePull under the
// new Pod, before it was created.
func TestEventsOfStalePodNotToldAfterTrack(t *testing.T) {
	tl, got := testTimeline("en")
	tl.narrator.replay = true
	gone := metav1.NewTime(testOrigin.Add(-4 * time.Second))
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "multipod", UID: "old", DeletionTimestamp: &gone},
		Status: corev1.PodStatus{Phase: "Pending"}}, false)
	tl.history()
	tl.Track("multipod") // the run is about to make it
	tl.eventSeen(&corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: "e1"}, Reason: "Failed", Message: "Error: ErrImagePull", Count: 2,
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "multipod", UID: "old"}, LastTimestamp: metav1.NewTime(testOrigin.Add(time.Second))})
	for _, a := range *got {
		t.Errorf("told the earlier Pod's Event: %+v", a)
	}
}

// A mirror Pod made again carries its static Pod's status, with times from
// before it was made: its lines are told at the time they are seen.
func TestMirrorPodStatusTimesNotInThePast(t *testing.T) {
	made := metav1.NewTime(testOrigin.Add(80 * time.Second))
	old := metav1.NewTime(testOrigin.Add(1234 * time.Millisecond))
	seen := made.Add(9 * time.Second) // the kubelet's status of the new mirror comes later
	tl, got := testTimeline("en", func(c *Config) { c.Clock = clocktesting.NewFakePassiveClock(seen) })
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-node", UID: "m2", CreationTimestamp: made,
		Annotations: map[string]string{corev1.MirrorPodAnnotationKey: "abc"}},
		Status: corev1.PodStatus{Phase: "Running", Conditions: []corev1.PodCondition{
			{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: old}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "web", State: corev1.ContainerState{
				Running: &corev1.ContainerStateRunning{StartedAt: old}}}}}}, false)
	for _, a := range *got {
		// Neither the old time nor the mirror's creation: told after lines
		// seen before it (a static run showed Running at +1m20s below
		// lines at +1m30s).
		if a.At != seen.Sub(testOrigin) {
			t.Errorf("%s told at %s, not when seen (%s)", a.Key, a.At, seen.Sub(testOrigin))
		}
	}
	if len(*got) == 0 {
		t.Fatal("nothing told")
	}
}

// A mirror Pod's Pending line says its kubelet made it, with no scheduler
// (the lesson around it says there is no Scheduled event).
func TestMirrorPodPendingNote(t *testing.T) {
	for _, c := range []struct {
		annotations map[string]string
		want        string
	}{
		{nil, "pod.phase.Pending"},
		{map[string]string{corev1.MirrorPodAnnotationKey: "abc"}, "pod.phase.Pending.mirror"},
	} {
		tl, got := testTimeline("en")
		tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-node", UID: "m1", Annotations: c.annotations},
			Status: corev1.PodStatus{Phase: corev1.PodPending}}, false)
		if len(*got) != 1 || (*got)[0].Key != c.want {
			t.Errorf("annotations %v: told %+v, want %s", c.annotations, *got, c.want)
		}
	}
}

// A mirror Pod's deletion stops no container: its Terminating line says so,
// not the SIGTERM and SIGKILL of an ordinary Pod.
func TestMirrorPodDeletingNote(t *testing.T) {
	mirror := map[string]string{corev1.MirrorPodAnnotationKey: "abc"}
	for _, c := range []struct {
		annotations map[string]string
		grace       *int64
		want, not   string
	}{
		{nil, nil, "pod.deleting", "pod.deleting.mirror"},
		{mirror, ptr.To[int64](1), "pod.deleting.mirror", "pod.deleting"},
		// The kubelet deletes the mirror of a static Pod whose file is
		// gone with no grace period, and stops its containers.
		{mirror, ptr.To[int64](0), "pod.deleting.mirror.now", "pod.deleting.mirror"},
	} {
		tl, got := testTimeline("en")
		meta := metav1.ObjectMeta{Name: "web-node", UID: "m1", Annotations: c.annotations}
		tl.podChanged(&corev1.Pod{ObjectMeta: meta}, false)
		gone := metav1.NewTime(testOrigin)
		meta.DeletionTimestamp = &gone
		meta.DeletionGracePeriodSeconds = c.grace
		tl.podChanged(&corev1.Pod{ObjectMeta: meta}, false)
		var keys []string
		for _, a := range *got {
			keys = append(keys, a.Key)
		}
		if !slices.Contains(keys, c.want) || slices.Contains(keys, c.not) {
			t.Errorf("annotations %v: told %v, want %s", c.annotations, keys, c.want)
		}
	}
}

// A Pod that turns Failed while it is being deleted is told as the
// deletion's end, not as a failure.
func TestFailedWhileDeleting(t *testing.T) {
	for _, deleting := range []bool{false, true} {
		tl, got := testTimeline("en")
		meta := metav1.ObjectMeta{Name: "web", UID: "u1"}
		tl.podChanged(&corev1.Pod{ObjectMeta: meta, Status: corev1.PodStatus{Phase: corev1.PodRunning}}, false)
		if deleting {
			gone := metav1.NewTime(testOrigin)
			meta.DeletionTimestamp = &gone
		}
		*got = nil
		tl.podChanged(&corev1.Pod{ObjectMeta: meta, Status: corev1.PodStatus{Phase: corev1.PodFailed}}, false)
		want, not := "pod.phase.Failed", "pod.phase.Failed.deleting"
		if deleting {
			want, not = not, want
		}
		var keys []string
		for _, a := range *got {
			keys = append(keys, a.Key)
		}
		if !slices.Contains(keys, want) || slices.Contains(keys, not) {
			t.Errorf("deleting %v: told %v, want %s", deleting, keys, want)
		}
	}
}

// Changed says that a followed Pod, or an Event about it, changed: many
// changes in one receive, none for other Pods or once stopped. Events is
// what the watch holds about one Pod (its name and UID), oldest first.
func TestTimelineChangedAndEvents(t *testing.T) {
	tl, _ := testTimeline("en", func(c *Config) { c.Name, c.Report = "web", nil })
	changed := func() bool {
		select {
		case <-tl.Changed():
			return true
		default:
			return false
		}
	}
	web := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}, Status: corev1.PodStatus{Phase: "Pending"}}
	tl.podChanged(web, false)
	tl.podChanged(web.DeepCopy(), false)
	if !changed() || changed() {
		t.Error("two changes of web: want one receive")
	}
	tl.podChanged(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "helper", UID: "u9"}}, false)
	if changed() {
		t.Error("a change of a Pod not followed")
	}
	ev := func(name, pod string, uid types.UID, last int) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", UID: types.UID(name)}, Reason: "Scheduled",
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: pod, UID: uid},
			LastTimestamp:  metav1.NewTime(testOrigin.Add(time.Duration(last) * time.Second))}
	}
	if got := tl.Events("web", "u1"); got != nil {
		t.Errorf("Events before the Event watch: %v", got)
	}
	tl.events = map[string]*corev1.Event{}
	for _, e := range []*corev1.Event{ev("e1", "web", "u1", 2), ev("e0", "web", "u1", 1), ev("old", "web", "u0", 0), ev("h", "helper", "u9", 0)} {
		tl.eventSeen(e)
		if got, want := changed(), e.InvolvedObject.Name == "web"; got != want {
			t.Errorf("Event %s: changed %v, want %v", e.Name, got, want)
		}
	}
	var names []string
	for _, e := range tl.Events("web", "u1") {
		names = append(names, e.Name)
	}
	if strings.Join(names, " ") != "e0 e1" {
		t.Errorf("Events of web u1: %v, want e0 e1", names)
	}
	tl.Stop()
	tl.podChanged(web.DeepCopy(), false)
	tl.eventSeen(ev("e2", "web", "u1", 3))
	if changed() {
		t.Error("a change after Stop")
	}
	if len(tl.Told("web")) == 0 {
		t.Error("without Report, what the watch saw is still kept for Told")
	}
}

// The probe lesson's liveness-defaults as recorded (probe.json): Running
// and Ready, then `kubectl delete --now` sets its deletionTimestamp (still
// Running), and once the kubelet has killed web (137) it writes the
// terminal phase Failed, deletionTimestamp still set; then it is gone.
// The Failed line is the deletion's, told once.
func TestFailedWhileDeletingRecorded(t *testing.T) {
	tl, got := testTimeline("en")
	started := metav1.NewTime(testOrigin.Add(time.Second))
	ready := []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	running := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "liveness-defaults", UID: "u1"}, Spec: corev1.PodSpec{NodeName: "kpod-e2e"},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.244.0.85", Conditions: ready,
			ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, ContainerID: "containerd://1",
				State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}}}}}
	tl.podChanged(running, false)
	*got = nil
	deleting := running.DeepCopy()
	gone := metav1.NewTime(testOrigin.Add(2 * time.Second))
	deleting.DeletionTimestamp, deleting.DeletionGracePeriodSeconds = &gone, ptr.To[int64](1)
	tl.podChanged(deleting, false)
	failed := deleting.DeepCopy()
	failed.Status.Phase = corev1.PodFailed
	failed.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse}}
	failed.Status.ContainerStatuses[0].Ready = false
	failed.Status.ContainerStatuses[0].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		Reason: "Error", ExitCode: 137, ContainerID: "containerd://1", StartedAt: started, FinishedAt: gone}}
	tl.podChanged(failed, false)
	tl.podChanged(failed, true)
	var keys []string
	for _, a := range *got {
		keys = append(keys, a.Key)
	}
	want := []string{"pod.deleting", "pod.phase.Failed.deleting", "pod.terminated", "pod.notready", "pod.deleted"}
	if !slices.Equal(keys, want) {
		t.Errorf("told %v, want %v", keys, want)
	}
}

// Seen is what the watch has told: the Pods its selector matches (not a
// helper it sees for the waits), none it saw go, and the Events it saw.
func TestSeen(t *testing.T) {
	tl, got := testTimeline("en", func(c *Config) { c.Selector = "!helper" })
	tl.events = map[string]*corev1.Event{}
	web := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", UID: "u1"}}
	old := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "old", UID: "u2"}}
	helper := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "helper", UID: "u3", Labels: map[string]string{"helper": "true"}}}
	for _, p := range []*corev1.Pod{web, old, helper} {
		tl.podChanged(p, false)
	}
	tl.podChanged(old, true)
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "web.1"}, Reason: "Scheduled", InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", UID: "u1"}}
	tl.eventSeen(ev)
	pods, events := tl.Seen()
	if len(pods) != 1 || pods[0] != web || len(events) != 1 || events[0] != ev {
		t.Errorf("Seen: pods %v, events %v", pods, events)
	}
	if len(*got) == 0 {
		t.Error("nothing told")
	}
	tl.eventGone(ev)
	if _, events := tl.Seen(); len(events) != 0 {
		t.Errorf("an Event gone still seen: %v", events)
	}
}
