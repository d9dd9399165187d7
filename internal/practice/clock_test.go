package practice_test

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
)

// A live practice waiting for a probe to have passed long enough checks
// again when the practice's clock gets there, not the wall clock.
func TestLiveRecheckOnTheRunClock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newCoach(t, "probe", "http")
	s.Env.Clients = clients
	clk := clocktesting.NewFakeClock(pt.Now)
	s.Env.Clock = clk
	recs, done := records(ctx, s)
	next(t, recs, "task")
	p := pod(world(t, s.Set, 0), "healthy")
	p.Status.ContainerStatuses[0].State.Running.StartedAt = metav1.NewTime(pt.Now.Add(-2 * time.Second))
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if m := next(t, recs, "check"); m["ok"] != false || m["reason"] != "healthy-wait" {
		t.Fatalf("first check: %v", m)
	}
	wait := time.After(3 * time.Second) // the timer is the practice clock's, not a real 8 s one
	for !clk.HasWaiters() {
		select {
		case <-wait:
			t.Fatal("the practice set no timer on its clock for the recheck")
		case <-time.After(time.Millisecond):
		}
	}
	clk.Step(9 * time.Second)
	for {
		select {
		case m := <-recs:
			if m["type"] != "check" {
				continue
			}
			if m["ok"] != true {
				t.Errorf("check at the recheck time: %v", m)
			}
		case <-wait:
			t.Fatal("no check again once the practice's clock passed the recheck time")
		}
		break
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
