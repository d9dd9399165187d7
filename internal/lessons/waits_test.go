package lessons

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Every wait on the lesson's watch tells its own time running out (its
// error names the wait) apart from the run ending (the run's error).
func TestWaitsTimedOut(t *testing.T) {
	const timeout = 50 * time.Millisecond
	p := pending("p")
	s := togetherSession(t, io.Discard, timeout, p) // the run's watch follows p: every wait is on it
	never := func(*corev1.Pod) (bool, error) { return false, nil }
	for _, c := range []struct {
		name string
		wait func(context.Context) error
		late error
	}{
		{"until", func(ctx context.Context) error { _, err := s.wait().until(ctx, "p", Ready); return err },
			s.wait().notMet("p", p, Ready)},
		{"gone", func(ctx context.Context) error { return s.wait().gone(ctx, "p") },
			kube.StillThere("p", timeout)},
		{"replaced", func(ctx context.Context) error { _, err := s.wait().replaced(ctx, "p", p.UID); return err },
			kube.NotReplaced("p", timeout)},
		{"event", func(ctx context.Context) error { _, err := s.wait().event(ctx, "p", p.UID, "Preempted"); return err },
			kube.NoEvent("p", "Preempted", timeout)},
		{"helper", func(ctx context.Context) error { _, err := s.wait().helper(ctx, "p", timeout, never); return err },
			kube.TimedOut("p", timeout)},
		{"each", func(ctx context.Context) error { return s.wait().each(ctx, []string{"p"}, Ready, func(string) {}) },
			s.wait().notMet("p", p, Ready)},
	} {
		if err := c.wait(context.Background()); err == nil || err.Error() != c.late.Error() {
			t.Errorf("%s ran out of time: error %v, want %v", c.name, err, c.late)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := c.wait(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s in a run that ended: error %v, want the run's", c.name, err)
		}
	}
}
