package kube

import (
	"context"
	"errors"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func TestEnsureNamespace(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	labels := map[string]string{"kpod.dev/workspace": "true"}
	created, err := EnsureNamespace(ctx, c, "kpod", labels)
	if err != nil || !created {
		t.Fatalf("first: created %v, %v", created, err)
	}
	ns, err := c.CoreV1().Namespaces().Get(ctx, "kpod", metav1.GetOptions{})
	if err != nil || ns.Labels["kpod.dev/workspace"] != "true" {
		t.Errorf("namespace %v, %v: want it labelled", ns, err)
	}
	if created, err := EnsureNamespace(ctx, c, "kpod", labels); err != nil || created {
		t.Errorf("again: created %v, %v; want false, nil", created, err)
	}
}

// Another run makes the namespace between the look and the create: no error.
func TestEnsureNamespaceMadeMeanwhile(t *testing.T) {
	c := fake.NewClientset()
	c.PrependReactor("create", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewAlreadyExists(corev1.Resource("namespaces"), "kpod")
	})
	if created, err := EnsureNamespace(context.Background(), c, "kpod", nil); err != nil || created {
		t.Errorf("created %v, %v; want false, nil", created, err)
	}
}

func TestEnsureNamespaceRefused(t *testing.T) {
	c := fake.NewClientset()
	c.PrependReactor("create", "namespaces", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(corev1.Resource("namespaces"), "kpod", errors.New("no"))
	})
	if _, err := EnsureNamespace(context.Background(), c, "kpod", nil); err == nil {
		t.Error("a refused create: no error")
	}
}
