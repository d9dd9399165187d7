package lessons

import (
	"context"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// Every wait tells its own time running out (one error, kube.ErrTimeout
// its cause, that names the wait) apart from the run ending (the run's
// error).
func TestWaitsTimedOut(t *testing.T) {
	const timeout = 50 * time.Millisecond
	p := pending("p")
	s := togetherSession(t, io.Discard, timeout, p)
	never := func(*corev1.Pod) (bool, error) { return false, nil }
	notMet := "pod/p did not become Ready within 50ms (STATUS Pending); try a longer --timeout"
	for _, c := range []struct {
		name string
		wait func(context.Context) error
		late string
	}{
		{"until", func(ctx context.Context) error { _, err := s.wait().until(ctx, "p", Ready); return err }, notMet},
		{"each", func(ctx context.Context) error { return s.wait().each(ctx, []string{"p"}, Ready, func(string) {}) }, notMet},
		{"gone", func(ctx context.Context) error { return s.wait().gone(ctx, "p") },
			"pod/p still there: timed out after 50ms"},
		{"replaced", func(ctx context.Context) error { _, err := s.wait().replaced(ctx, "p", p.UID); return err },
			"pod/p was not replaced: timed out after 50ms"},
		{"event", func(ctx context.Context) error { _, err := s.wait().event(ctx, "p", p.UID, "Preempted"); return err },
			"no Preempted event for pod/p within 50ms"},
		{"helper", func(ctx context.Context) error { _, err := s.wait().helper(ctx, "p", timeout, never); return err },
			"pod/p: timed out after 50ms"},
	} {
		if err := c.wait(context.Background()); err == nil || err.Error() != c.late || !errors.Is(err, kube.ErrTimeout) {
			t.Errorf("%s ran out of time: error %v, want %q caused by kube.ErrTimeout", c.name, err, c.late)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := c.wait(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s in a run that ended: error %v, want the run's", c.name, err)
		}
	}
}

// A wait asked after the steps, the timeline stopped, or before it
// started, is an error at once: no wait watches for itself.
func TestWaitWithoutTheTimeline(t *testing.T) {
	s := togetherSession(t, io.Discard, 10*time.Second, pending("p"))
	s.timeline.Stop()
	if _, err := s.wait().until(context.Background(), "p", Ready); !errors.Is(err, timeline.ErrNotWatching) {
		t.Errorf("until after the timeline stopped: %v, want timeline.ErrNotWatching", err)
	}
	s.timeline = nil
	if err := s.wait().gone(context.Background(), "p"); !errors.Is(err, timeline.ErrNotWatching) {
		t.Errorf("gone without a timeline: %v, want timeline.ErrNotWatching", err)
	}
}

// A wait for a Pod to go, or to come back, that the timeline does not
// tell (not one of the lesson's) is answered on the timeline's watch.
func TestGoneOfAPodNotFollowed(t *testing.T) {
	s := togetherSession(t, io.Discard, 10*time.Second, pending("other"))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s.timeline = timeline.NewWatch(timeline.Config{Client: s.Env.Clients.Client, Namespace: s.Env.Namespace, Selector: "app=lesson", Clock: s.Env.Clock, Lang: s.Env.Lang, Report: func(report.Annotation) {}})
	if err := s.timeline.Start(ctx); err != nil {
		t.Fatal(err)
	}
	back := ready("other")
	back.UID = "uid-new"
	pods := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace)
	go func() {
		time.Sleep(50 * time.Millisecond)
		if err := pods.Delete(ctx, "other", metav1.DeleteOptions{}); err != nil {
			t.Error(err)
		}
		time.Sleep(50 * time.Millisecond)
		if _, err := pods.Create(ctx, back, metav1.CreateOptions{}); err != nil {
			t.Error(err)
		}
	}()
	if err := s.wait().gone(ctx, "other"); err != nil {
		t.Fatalf("gone of a Pod the timeline does not tell: %v", err)
	}
	p, err := s.wait().replaced(ctx, "other", "uid-other")
	if err != nil || p.UID != "uid-new" {
		t.Fatalf("replaced of a Pod the timeline does not tell: %v, %v", p, err)
	}
}

// Every wait says what it waits for in the words of the ui.waiting
// family, through waits.say: a Pod that Delete deletes is waited for as
// WaitGone waits for it.
func TestWaitsSayWhatTheyWaitFor(t *testing.T) {
	s := togetherSession(t, io.Discard, 5*time.Second, ready("web"), ready("old"))
	w := &waitingSaid{Reporter: s.Report}
	s.Report = w
	ctx := context.Background()
	for _, a := range []Action{Wait("web", Ready), Delete("old")} {
		if _, err := a.run(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"waiting for pod/web: Ready", "waiting for pod/old: delete"}
	if !reflect.DeepEqual(w.said, want) {
		t.Errorf("waited with %q, want %q", w.said, want)
	}
}
