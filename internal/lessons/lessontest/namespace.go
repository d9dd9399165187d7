package lessontest

import (
	"context"
	"os"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/runenv"
)

// OwnNamespace makes the namespace Namespace-suffix on the cluster for one
// test, and deletes it when the test ends.
func OwnNamespace(t testing.TB, c kubernetes.Interface, suffix string) string {
	t.Helper()
	ns := Namespace + "-" + suffix
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	return ns
}

// CrashingPod makes pod/name in ns: one container, app, with the lessons'
// shell image, that runs script and ends, and that the kubelet restarts
// again and again.
func CrashingPod(t testing.TB, c kubernetes.Interface, ns, name, script string) {
	t.Helper()
	image := runenv.Images(nil, os.Getenv)["shell"]
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.PodSpec{TerminationGracePeriodSeconds: new(int64),
		Containers: []corev1.Container{{Name: "app", Image: image, Command: []string{"sh", "-c", script}}}}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}
