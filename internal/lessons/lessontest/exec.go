package lessontest

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Exec runs cmd in a container of a Pod in Namespace, as `kubectl exec`
// does, and returns what it printed on stdout. It is the test's own look
// inside the container, not kpod's. It fails the test if cmd fails.
func Exec(t testing.TB, c kubernetes.Interface, pod, container string, cmd ...string) string {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, errOut, err := kube.NewExec(cfg, c)(ctx, Namespace, pod, container, cmd)
	if err != nil {
		t.Fatalf("exec %v in pod/%s -c %s: %v\n%s%s", cmd, pod, container, err, out, errOut)
	}
	return out
}

// Logs returns a container's log, as `kubectl logs POD -c CONTAINER` does.
func Logs(t testing.TB, c kubernetes.Interface, pod, container string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := c.CoreV1().Pods(Namespace).GetLogs(pod, &corev1.PodLogOptions{Container: container}).DoRaw(ctx)
	if err != nil {
		t.Fatalf("logs of pod/%s -c %s: %v", pod, container, err)
	}
	return string(b)
}
