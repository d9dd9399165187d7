package kube

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// In a namespace made a moment ago the API server refuses Pods until the
// controller manager has made the default ServiceAccount: Create waits for
// it on a watch and sends the Pod again.
func TestCreateWaitsForServiceAccount(t *testing.T) {
	c := fake.NewClientset()
	refused := 0
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if _, err := c.Tracker().Get(schema.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}, "fresh", "default"); err == nil {
			return false, nil, nil
		}
		refused++
		go func() {
			time.Sleep(100 * time.Millisecond)
			_, _ = c.CoreV1().ServiceAccounts("fresh").Create(context.Background(),
				&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: "fresh"}}, metav1.CreateOptions{})
		}()
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "web",
			errorf(`error looking up service account fresh/default: serviceaccount "default" not found`))
	})
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "fresh"}}
	if err := Create(context.Background(), c, "fresh", pod); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if refused != 1 {
		t.Errorf("refused %d times, want once", refused)
	}
	if _, err := c.CoreV1().Pods("fresh").Get(context.Background(), "web", metav1.GetOptions{}); err != nil {
		t.Errorf("the Pod was not made: %v", err)
	}
}

type errorf string

func (e errorf) Error() string { return string(e) }
