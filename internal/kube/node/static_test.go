package node

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// RemoveStaticPod touches no node unless the mirror Pod names a kpod-*.yaml
// file by an absolute, clean path.
func TestRemoveStaticPodRefuses(t *testing.T) {
	for _, file := range []string{"", "relative/kpod-x.yaml", "/etc/passwd", "/etc/kubernetes/manifests/kube-apiserver.yaml",
		"/etc/kubernetes/manifests/../../passwd/kpod-x.yaml", "/etc/kubernetes/manifests/kpod-x.conf"} {
		c := fake.NewClientset()
		calls := 0
		clients := &kube.Clients{Client: c, Exec: func(context.Context, string, string, string, []string) (string, string, error) {
			calls++
			return "", "", nil
		}}
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-node-1", Namespace: "kpod", Annotations: map[string]string{
			corev1.MirrorPodAnnotationKey: "abc", StaticFileAnnotation: file}}, Spec: corev1.PodSpec{NodeName: "node-1"}}
		err := RemoveStaticPod(context.Background(), clients, p, "busybox:1.37", nil, time.Second)
		if text.Key(err) != "err.node.mirror" {
			t.Errorf("%q: want a refusal, got %v", file, err)
		}
		pods, _ := c.CoreV1().Pods("kpod").List(context.Background(), metav1.ListOptions{})
		if len(pods.Items) != 0 || calls != 0 {
			t.Errorf("%q: kpod made a helper or ran a command", file)
		}
	}
}
