package runlock

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	coordv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/clock"
	clocktesting "k8s.io/utils/clock/testing"
)

func TestRunLock(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	a := &Lock{Client: c, Namespace: "kpod", Name: "kpod-run-x", Holder: "a", Clock: clock.RealClock{}}
	if err := a.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	b := &Lock{Client: c, Namespace: "kpod", Name: "kpod-run-x", Holder: "b", Clock: clock.RealClock{}}
	var busy *BusyError
	if err := b.Acquire(ctx); !errors.As(err, &busy) || busy.Holder != "a" {
		t.Fatalf("second acquire: %v", err)
	}
	if err := a.Release(ctx, true); err != nil {
		t.Fatal(err)
	}
	if err := b.Acquire(ctx); err != nil {
		t.Fatalf("a released lease is taken: %v", err)
	}
	if err := b.Release(ctx, false); err != nil {
		t.Fatal(err)
	}
	if l, _ := Get(ctx, c, "kpod", "kpod-run-x"); l != nil {
		t.Errorf("lease left: %v", l)
	}
}

// The Lease is stamped and renewed on the Lock's clock: a third of Term
// later on it, the Lease says it was renewed then.
func TestRenewOnTheClock(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clk := clocktesting.NewFakeClock(start)
	r := &Lock{Client: c, Namespace: "kpod", Name: "kpod-run-x", Holder: "a", Clock: clk}
	if err := r.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Release(ctx, false) }()
	renewed := func() time.Time {
		l, err := Get(ctx, c, "kpod", "kpod-run-x")
		if err != nil || l == nil {
			t.Fatalf("lease: %v, %v", l, err)
		}
		return l.Spec.RenewTime.Time
	}
	if got := renewed(); !got.Equal(start) {
		t.Errorf("acquired at %v, want the clock's %v", got, start)
	}
	soon := func(what string, ok func() bool) {
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	soon("no renewal waits on the clock", clk.HasWaiters)
	clk.Step(Term / 3)
	want := start.Add(Term / 3)
	soon("not renewed at "+want.String(), func() bool { return renewed().Equal(want) })
}

func TestLive(t *testing.T) {
	now := time.Now()
	secs := int32(15)
	mk := func(holder string, ago time.Duration) *coordv1.Lease {
		rt := metav1.NewMicroTime(now.Add(-ago))
		return &coordv1.Lease{Spec: coordv1.LeaseSpec{HolderIdentity: &holder, LeaseDurationSeconds: &secs, RenewTime: &rt}}
	}
	host, _ := os.Hostname()
	for _, c := range []struct {
		l    *coordv1.Lease
		want bool
	}{
		{mk("laptop pid 1/ab", time.Second), true},
		{mk("laptop pid 1/ab", time.Minute), false},
		{mk("", time.Second), false},
		{mk(Holder(), time.Second), true},                  // this process
		{mk(host+" pid 999999999/ab", time.Second), false}, // no such process here
		{nil, false},
	} {
		if got, _ := Live(c.l, now); got != c.want {
			t.Errorf("Live(%v) = %v", c.l, got)
		}
	}
}

// The files a run writes on nodes are noted on its Lease once each, and
// stay there when the run ends with objects left, for kpod clean.
func TestNoteFile(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	r := &Lock{Client: c, Namespace: "kpod", Name: "kpod-run-static", Holder: "a", Clock: clock.RealClock{}}
	if err := r.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range [][2]string{{"n1", "/m/kpod-a.yaml"}, {"n1", "/m/kpod-a.yaml"}, {"n2", "/m/kpod-b.yaml"}} {
		if err := r.NoteFile(ctx, f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Release(ctx, true); err != nil {
		t.Fatal(err)
	}
	l, _ := Get(ctx, c, "kpod", "kpod-run-static")
	if l == nil {
		t.Fatal("the kept Lease is gone")
	}
	got := NodeFiles(l)
	if len(got) != 2 || len(got["n1"]) != 1 || got["n1"][0] != "/m/kpod-a.yaml" || len(got["n2"]) != 1 || got["n2"][0] != "/m/kpod-b.yaml" {
		t.Errorf("files on the Lease: %v", got)
	}
}

// A run that finds no Lease creates it and deletes it at the end, without
// reading it.
func TestRunLockRequests(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	a := &Lock{Client: c, Namespace: "kpod", Name: "kpod-run-x", Holder: "a", Clock: clock.RealClock{}}
	if err := a.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Release(ctx, false); err != nil {
		t.Fatal(err)
	}
	var verbs []string
	for _, act := range c.Actions() {
		verbs = append(verbs, act.GetVerb())
	}
	if len(verbs) != 2 || verbs[0] != "create" || verbs[1] != "delete" {
		t.Errorf("requests %v, want create and delete", verbs)
	}
	if l, _ := Get(ctx, c, "kpod", "kpod-run-x"); l != nil {
		t.Errorf("lease left: %v", l)
	}
}
