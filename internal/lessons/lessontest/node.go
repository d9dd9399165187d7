package lessontest

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube/node"
)

// HelperStays makes the fake kubelet keep node helper Pods running, as a
// real node does (it runs restartPolicy Never Pods to completion).
func HelperStays(c *fake.Clientset) {
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod); p.Spec.HostPID {
			p.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}
		return false, nil, nil
	})
}

// NodeWay is how kpod's node commands must begin for node, judged from
// the Node object itself: `docker exec NODE` (or podman) on a kind node,
// whose providerID is kind://ENGINE/CLUSTER/NODE, else
// `kubectl debug node/NODE`. kind tells whether it is a kind node.
func NodeWay(t testing.TB, c kubernetes.Interface, node string) (prefix string, kind bool) {
	t.Helper()
	n, err := c.CoreV1().Nodes().Get(context.Background(), node, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rest, ok := strings.CutPrefix(n.Spec.ProviderID, "kind://"); ok {
		engine, _, _ := strings.Cut(rest, "/")
		return engine + " exec " + node + " ", true
	}
	return "kubectl debug node/" + node + " ", false
}

// NodeCommands returns the commands a run showed that do not start with
// kubectl, or that start with `kubectl debug`: the ones on a node.
func (r Result) NodeCommands() []string {
	var out []string
	for _, m := range r.Of("command") {
		cmd, _ := m["command"].(string)
		kpod := strings.HasPrefix(cmd, "kpod ") || strings.HasPrefix(cmd, "kubectl kpod ")
		if !kpod && (!strings.HasPrefix(cmd, "kubectl ") || strings.HasPrefix(cmd, "kubectl debug ")) {
			out = append(out, cmd)
		}
	}
	return out
}

// Helpers lists kpod's node helper Pods in the e2e namespace.
func Helpers(t testing.TB, c kubernetes.Interface) []corev1.Pod {
	t.Helper()
	pods, err := c.CoreV1().Pods(Namespace).List(context.Background(), metav1.ListOptions{LabelSelector: node.HelperLabel + "=true"})
	if err != nil {
		t.Fatal(err)
	}
	return pods.Items
}
