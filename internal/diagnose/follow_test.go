package diagnose

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// said is a diagnosis Follow told, as Case/Variant/Container, and when.
type said struct {
	key string
	at  time.Time
}

// follow runs Watch.Follow on pod with c and a fake clock, in the
// background: each diagnosis told comes on the first channel, Follow's end
// on the second.
func follow(ctx context.Context, c *fake.Clientset, clk *lessontest.InstantClock, pod *corev1.Pod) (<-chan said, <-chan error) {
	says, done := make(chan said, 10), make(chan error, 1)
	w := Watch{Client: c, Clock: clk, Scene: text.Scene{Program: "kpod", Lang: "en"}, Say: func(d Diagnosis, at time.Time) error {
		says <- said{d.Case + "/" + d.Variant + "/" + d.Container, at}
		return nil
	}}
	go func() { done <- w.Follow(ctx, pod) }()
	return says, done
}

// next is the next diagnosis told, within a few seconds; want, if not
// empty, is how its key starts.
func next(t *testing.T, says <-chan said, want string) said {
	t.Helper()
	select {
	case s := <-says:
		if !strings.HasPrefix(s.key, want) {
			t.Fatalf("told %s, want %s", s.key, want)
		}
		return s
	case <-time.After(5 * time.Second):
		t.Fatalf("nothing told, want %s", want)
	}
	return said{}
}

// Follow tells each new cause once, as it appears: a healthy Pod, its
// container OOM-killed (twice the same state: told once), then killed
// with exit 137 and no reason, an OOM kill it knows from the first. It
// ends when the Pod is deleted.
func TestFollowTellsEachNewCauseOnce(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "hog", Namespace: "shop", UID: "u2"},
		Spec: corev1.PodSpec{NodeName: "n", Containers: []corev1.Container{{Name: "app", Image: "busybox:1.37",
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}}}
	c := fake.NewClientset(p)
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	clk := lessontest.NewInstantClock(now)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	says, done := follow(ctx, c, clk, p)
	if s := next(t, says, "healthy/ready/"); !s.at.Equal(now) {
		t.Errorf("told at %v, want the clock's %v", s.at, now)
	}

	update := func(change func(s *corev1.ContainerStatus)) {
		t.Helper()
		q, err := c.CoreV1().Pods("shop").Get(ctx, "hog", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		change(&q.Status.ContainerStatuses[0])
		if _, err := c.CoreV1().Pods("shop").UpdateStatus(ctx, q, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	killed := func(s *corev1.ContainerStatus) {
		s.Ready, s.RestartCount = false, 1
		s.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(now)}}
		s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled", FinishedAt: metav1.NewTime(now)}
	}
	update(killed)
	next(t, says, "oom-killed/limit/app")
	update(killed) // the same state again: nothing new
	update(func(s *corev1.ContainerStatus) {
		s.RestartCount = 2
		s.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}
		s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "Error", FinishedAt: metav1.NewTime(now)}
	})
	next(t, says, "oom-killed/probably/app")

	if err := c.CoreV1().Pods("shop").Delete(ctx, "hog", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Follow after the Pod's deletion: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Follow did not end when the Pod was deleted")
	}
	if len(says) > 0 {
		t.Errorf("told more: %v", <-says)
	}
}

// Follow reads the Pod's Events as they come: a Pod waiting to be
// scheduled is unschedulable once the scheduler says why. A later Pod of
// the same name is another Pod: Follow ends when its own is replaced.
func TestFollowReadsEventsAndEndsWithItsPod(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "big", Namespace: "shop", UID: "u1"},
		Spec:   corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox:1.37"}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending}}
	c := fake.NewClientset(p)
	clk := lessontest.NewInstantClock(time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	says, done := follow(ctx, c, clk, p)
	if first := next(t, says, ""); strings.HasPrefix(first.key, Unschedulable) {
		t.Fatalf("unschedulable before the scheduler said so: %s", first.key)
	}
	ev := &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: "big.1", Namespace: "shop", UID: "e1"}, Type: "Warning", Reason: "FailedScheduling",
		Message:        "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "big", Namespace: "shop", UID: "u1"}, LastTimestamp: metav1.NewTime(clk.Now())}
	if _, err := c.CoreV1().Events("shop").Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	next(t, says, Unschedulable+"/")

	if err := c.CoreV1().Pods("shop").Delete(ctx, "big", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	again := p.DeepCopy()
	again.UID = "u2"
	if _, err := c.CoreV1().Pods("shop").Create(ctx, again, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Follow after its Pod was replaced: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Follow did not end when its Pod was replaced")
	}
}

// Follow looks again when a deleted Pod that is still there becomes stuck,
// with no change to wake it: a second after StuckAfter on its clock (plus
// one for good measure), which the test moves on at once. Ctrl-C ends it
// cleanly.
func TestFollowStuckTerminating(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	del := metav1.NewTime(now.Add(-StuckAfter + time.Second))
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "held", Namespace: "shop", UID: "u3", DeletionTimestamp: &del, Finalizers: []string{"example.com/hold"}},
		Spec:   corev1.PodSpec{NodeName: "n", Containers: []corev1.Container{{Name: "app", Image: "busybox:1.37"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	c := fake.NewClientset(p, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}})
	clk := lessontest.NewInstantClock(now)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	says, done := follow(ctx, c, clk, p)
	first := next(t, says, "unknown//") // deleted, not stuck yet
	stuck := next(t, says, "terminating/finalizers/")
	if d := stuck.at.Sub(first.at); d != 2*time.Second {
		t.Errorf("looked again %v later, want 2s", d)
	}
	cancel() // Ctrl-C
	if err := <-done; err != nil {
		t.Errorf("Follow after Ctrl-C: %v", err)
	}
	var waits []time.Duration
	for _, d := range clk.Waited() {
		if d > time.Second {
			waits = append(waits, d)
		}
	}
	if len(waits) != 1 || waits[0] != 2*time.Second {
		t.Errorf("Follow waited %v for the Pod to become stuck, want once 2s", waits)
	}
}

// Follow ends with the first list's refusal, in plain words, and with
// Say's error.
func TestFollowErrors(t *testing.T) {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "u1"}, Status: corev1.PodStatus{Phase: corev1.PodPending}}
	c := fake.NewClientset(p)
	c.PrependReactor("list", "events", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "events"}, "", errors.New("no"))
	})
	w := Watch{Client: c, Clock: lessontest.NewInstantClock(time.Now()), Scene: text.Scene{Lang: "en"},
		Say: func(Diagnosis, time.Time) error { t.Error("told a diagnosis"); return nil }}
	if err := w.Follow(context.Background(), p); !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), "your user may not") {
		t.Errorf("Follow refused the Events: %v", err)
	}
	broken := errors.New("stdout closed")
	w.Client = fake.NewClientset(p)
	w.Say = func(Diagnosis, time.Time) error { return broken }
	if err := w.Follow(context.Background(), p); err != broken {
		t.Errorf("Follow when Say fails: %v", err)
	}
}
