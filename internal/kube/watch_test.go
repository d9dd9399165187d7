package kube

import (
	"context"
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// WaitPod's own time running out is a timeout (ErrTimeout); the caller's
// context ending first is the caller's error, not a timeout of the Pod.
func TestWaitPodTimeoutOrCallerEnds(t *testing.T) {
	client := fake.NewSimpleClientset()
	never := func(*corev1.Pod) (bool, error) { return false, nil }
	_, err := WaitPod(context.Background(), client, "ns", "web", 50*time.Millisecond, never)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("own time ran out: %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = WaitPod(ctx, client, "ns", "web", time.Hour, never)
	if errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("caller's context ended: %v, want its error, not ErrTimeout", err)
	}
}
