package draw

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	clocktesting "k8s.io/utils/clock/testing"
)

// output is a writer the test can wait on.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor waits until the output holds want n times.
func (o *output) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(o.String(), want) < n {
		if time.Now().After(deadline) {
			t.Fatalf("no %d× %q in:\n%s", n, want, o.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// watched is a fake clientset holding pod, and a channel told each time
// a watch on Pods has started (so no update is sent before it).
func watched(pod *corev1.Pod) (*fake.Clientset, chan struct{}) {
	c := fake.NewClientset(pod)
	started := make(chan struct{}, 10)
	c.PrependWatchReactor("pods", func(a k8stesting.Action) (bool, watch.Interface, error) {
		w, err := c.Tracker().Watch(corev1.SchemeGroupVersion.WithResource("pods"), a.GetNamespace())
		started <- struct{}{}
		return true, w, err
	})
	return c, started
}

// restarted is pod after its container was killed (exit 137) and started
// again.
func restarted(pod *corev1.Pod) *corev1.Pod {
	next := pod.DeepCopy()
	cs := &next.Status.ContainerStatuses[0]
	cs.RestartCount = 1
	cs.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "Error",
		FinishedAt: metav1.NewTime(time.Date(2026, 12, 6, 12, 1, 11, 0, time.UTC))}}
	cs.State.Running.StartedAt = metav1.NewTime(time.Date(2026, 12, 6, 12, 1, 12, 0, time.UTC))
	return next
}

func updateStatus(t *testing.T, c *fake.Clientset, pod *corev1.Pod) {
	t.Helper()
	if _, err := c.CoreV1().Pods(pod.Namespace).UpdateStatus(context.Background(), pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, pod *corev1.Pod, opts WatchOptions) (*fake.Clientset, *output, chan error) {
	t.Helper()
	c, started := watched(pod)
	out := &output{}
	done := make(chan error, 1)
	go func() { done <- Watch(t.Context(), c, pod.Namespace, pod.Name, out, opts) }()
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the watch never started")
	}
	return c, out, done
}

// finish waits for Watch to return; deleted says it should say the Pod
// is gone (NotFound), else nil.
func finish(t *testing.T, done chan error, deleted bool) {
	t.Helper()
	select {
	case err := <-done:
		if deleted && !apierrors.IsNotFound(err) || !deleted && err != nil {
			t.Errorf("Watch returned %v, want NotFound: %v", err, deleted)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return")
	}
}

// A restart changes the drawing: restarts 1 and the last exit appear; a
// change the drawing does not show prints nothing; deleting the Pod ends
// the watch.
func TestWatchRedrawsOnRestart(t *testing.T) {
	pod := load(t, "run")
	c, out, done := start(t, pod, WatchOptions{Draw: Options{Plain: true}})
	out.waitFor(t, "restarts 0", 1)

	updateStatus(t, c, restarted(pod))
	out.waitFor(t, "restarts 1", 1)
	out.waitFor(t, "last exit 137 (Error)", 1)

	labelled := restarted(pod)
	labelled.Labels["seen"] = "yes"
	if _, err := c.CoreV1().Pods(pod.Namespace).Update(context.Background(), labelled, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.CoreV1().Pods(pod.Namespace).Delete(context.Background(), pod.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	finish(t, done, true)

	got := out.String()
	drawings := strings.Split(strings.TrimSuffix(got, "\n"), "\n\n")
	if len(drawings) != 2 {
		t.Fatalf("want 2 drawings (a blank line between), got %d:\n%s", len(drawings), got)
	}
	if strings.Contains(drawings[0], "last exit") || !strings.Contains(drawings[1], "last exit 137 (Error)") {
		t.Errorf("drawings in the wrong order:\n%s", got)
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("escapes in a pipe:\n%q", got)
	}
}

// In a terminal the second drawing moves up over the first and draws
// over it.
func TestWatchInPlace(t *testing.T) {
	pod := load(t, "run")
	c, out, done := start(t, pod, WatchOptions{Draw: Options{Plain: true}, InPlace: true})
	out.waitFor(t, "restarts 0", 1)
	first := strings.Count(out.String(), "\n")

	updateStatus(t, c, restarted(pod))
	out.waitFor(t, "restarts 1", 1)
	if err := c.CoreV1().Pods(pod.Namespace).Delete(context.Background(), pod.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	finish(t, done, true)

	got := out.String()
	up := "\r\x1b[" + strconv.Itoa(first) + "A"
	i := strings.Index(got, up)
	if i < 0 {
		t.Fatalf("no cursor up %q over the %d lines drawn:\n%q", up, first, got)
	}
	redrawn := got[i+len(up):]
	if strings.Count(redrawn, "\x1b[2K") != strings.Count(redrawn, "\n") || !strings.HasSuffix(redrawn, "\x1b[J") {
		t.Errorf("each line is not cleared before it is drawn:\n%q", redrawn)
	}
}

// With JSON, each drawing is one record; the watch ends when ctx does.
func TestWatchJSON(t *testing.T) {
	pod := load(t, "run")
	at := time.Date(2026, 12, 6, 12, 5, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(t.Context())
	c, started := watched(pod)
	out := &output{}
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, c, pod.Namespace, pod.Name, out, WatchOptions{Draw: Options{Theme: coloured}, JSON: true, Clock: clocktesting.NewFakePassiveClock(at)})
	}()
	<-started
	out.waitFor(t, "\n", 1)
	updateStatus(t, c, restarted(pod))
	out.waitFor(t, "\n", 2)
	cancel()
	finish(t, done, false)

	for i, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("record %d: %v: %s", i, err, l)
		}
		if r.Schema != "kpod.draw/v1" || r.Type != "draw" || r.Pod != "nginx-pod" || r.Namespace != "kpod" || r.At != "2026-12-06T12:05:00Z" || len(r.Lines) < 5 {
			t.Errorf("record %d: %+v", i, r)
		}
		if strings.Contains(l, `\u001b`) {
			t.Errorf("record %d holds escapes: %s", i, l)
		}
		if i == 1 && !strings.Contains(l, "last exit 137 (Error)") {
			t.Errorf("second record lacks the restart: %s", l)
		}
	}
}

// Until ends the watch once the Pod drawn meets it.
func TestWatchUntil(t *testing.T) {
	pod := load(t, "run")
	ready := func(p *corev1.Pod) bool { return p.Status.ContainerStatuses[0].RestartCount > 0 }
	c, out, done := start(t, pod, WatchOptions{Draw: Options{Plain: true}, Until: ready})
	out.waitFor(t, "restarts 0", 1)
	updateStatus(t, c, restarted(pod))
	finish(t, done, false)
	if !strings.Contains(out.String(), "restarts 1") {
		t.Errorf("the last drawing is missing:\n%s", out.String())
	}
}

// Run draws once without Follow, and names the Pod it cannot find.
func TestRun(t *testing.T) {
	pod := load(t, "probe")
	c := fake.NewClientset(pod)
	var out bytes.Buffer
	if err := Run(t.Context(), c, "kpod", "liveness-http", &out, WatchOptions{Draw: Options{Plain: true, Width: 60}}); err != nil {
		t.Fatal(err)
	}
	if want := Draw(pod, Options{Plain: true, Width: 60}) + "\n"; out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	err := Run(t.Context(), c, "kpod", "nope", &out, WatchOptions{})
	if err == nil || !strings.Contains(err.Error(), "pod/nope") {
		t.Errorf("a missing Pod: %v", err)
	}
}

// A drawing taller than the terminal cannot be drawn over: the screen is
// cleared instead. The same drawing twice is written once.
func TestPrinterTallerThanTerminal(t *testing.T) {
	var b bytes.Buffer
	pod := load(t, "run")
	p := newPrinter(&b, "kpod", pod.Name, WatchOptions{Draw: Options{Plain: true}, InPlace: true, Height: 10})
	for _, pod := range []*corev1.Pod{pod, pod, restarted(pod)} {
		if err := p.show(pod); err != nil {
			t.Fatal(err)
		}
	}
	got := b.String()
	if strings.Count(got, "pod/nginx-pod") != 2 || !strings.Contains(got, "\n\x1b[H\x1b[2J+- pod/nginx-pod") || strings.Contains(got, "A\x1b[2K") {
		t.Errorf("want the first drawing, then a cleared screen and the second:\n%q", got)
	}
}
