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

	"github.com/kpod-dev/kpod/internal/kube"
)

// A setup's Ready step waits until the Pod is Ready; one deleted meanwhile
// fails it, naming the Pod; a Delete step waits until the Pod is gone.
func TestMakerWaits(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := fake.NewClientset()
	m := maker{&kube.Clients{Client: c}, "ns"}
	pods := c.CoreV1().Pods("ns")
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"}}
	if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		ready := pod.DeepCopy()
		ready.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
		_, _ = pods.UpdateStatus(ctx, ready, metav1.UpdateOptions{})
	}()
	if err := m.play(ctx, []Step{{Ready: "web"}}, nil); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	if err := m.play(ctx, []Step{{Delete: "pod/web"}}, nil); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := pods.Get(ctx, "web", metav1.GetOptions{}); !kube.IsNotFound(err) {
		t.Fatalf("after Delete: %v", err)
	}

	if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = pods.Delete(ctx, "web", metav1.DeleteOptions{})
	}()
	err := m.play(ctx, []Step{{Ready: "web"}}, nil)
	if !errors.Is(err, kube.ErrDeleted) || !strings.HasPrefix(err.Error(), "pod/web did not become Ready: ") {
		t.Errorf("Ready of a deleted Pod: %v", err)
	}
}
