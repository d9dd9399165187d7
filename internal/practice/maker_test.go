package practice

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// A setup's Ready step waits, on the namespace's timeline, until the Pod
// is Ready; one deleted meanwhile fails it, naming the Pod; a Delete step
// waits until the Pod is gone.
func TestMakerWaits(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := fake.NewClientset()
	pods := timeline.NewWatch(timeline.Config{Client: c, Namespace: "ns", Clock: clock.RealClock{}})
	if err := pods.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer pods.Stop()
	m := maker{&kube.Clients{Client: c}, "ns", pods}
	api := c.CoreV1().Pods("ns")
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"}}
	if _, err := api.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		ready := pod.DeepCopy()
		ready.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
		_, _ = api.UpdateStatus(ctx, ready, metav1.UpdateOptions{})
	}()
	if err := m.play(ctx, []Step{{Ready: "web"}}, nil); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	if err := m.play(ctx, []Step{{Delete: "pod/web"}}, nil); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := api.Get(ctx, "web", metav1.GetOptions{}); !kube.IsNotFound(err) {
		t.Fatalf("after Delete: %v", err)
	}

	if _, err := api.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = api.Delete(ctx, "web", metav1.DeleteOptions{})
	}()
	err := m.play(ctx, []Step{{Ready: "web"}}, nil)
	if !errors.Is(err, kube.ErrDeleted) || !strings.HasPrefix(err.Error(), "pod/web did not become Ready: ") {
		t.Errorf("Ready of a deleted Pod: %v", err)
	}
}
