package lessontest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// Host is the test's own privileged Pod on a node (hostPID, the node's / at
// /host), to check what a lesson did there without taking kpod's word for
// it. It does not carry kpod's labels, so NothingLeft ignores it, and it is
// deleted when the test ends.
type Host struct {
	t    testing.TB
	exec kube.ExecFunc
	name string
	ns   string
}

// NodeHost starts the test's own helper Pod on node, in Namespace, and
// waits until it runs.
func NodeHost(t testing.TB, c kubernetes.Interface, node string) *Host {
	t.Helper()
	return NodeHostIn(t, c, node, Namespace)
}

// NodeHostIn is NodeHost with the Pod in namespace ns.
func NodeHostIn(t testing.TB, c kubernetes.Interface, name, ns string) *Host {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatal(err)
	}
	pod := node.HelperPod(ns, "e2e-host-"+name, name, runenv.Images(nil, os.Getenv)["shell"], map[string]string{"kpod.dev/e2e": "host"})
	ctx := context.Background()
	pods := c.CoreV1().Pods(ns)
	if err := kube.Delete(ctx, c, ns, "Pod", pod.Name, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating the test's host Pod on %s: %v", name, err)
	}
	t.Cleanup(func() { _ = kube.Delete(context.Background(), c, ns, "Pod", pod.Name, time.Minute) })
	if _, err := kube.WaitPod(ctx, c, ns, pod.Name, 2*time.Minute, func(p *corev1.Pod) (bool, error) {
		return p.Status.Phase == corev1.PodRunning, nil
	}); err != nil {
		t.Fatalf("the test's host Pod on %s: %v", name, err)
	}
	return &Host{t: t, exec: kube.NewExec(cfg, c), name: pod.Name, ns: ns}
}

// Sh runs a shell script in the host Pod (the node's / is at /host, and
// /proc shows the node's processes) and returns its output.
func (h *Host) Sh(script string) (string, error) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, errOut, err := h.exec(ctx, h.ns, h.name, "node", []string{"sh", "-c", script})
	if err != nil {
		return out + errOut, err
	}
	return out, nil
}

// MustSh is Sh that fails the test on an error.
func (h *Host) MustSh(script string) string {
	h.t.Helper()
	out, err := h.Sh(script)
	if err != nil {
		h.t.Fatalf("on the node: %s: %v\n%s", script, err, out)
	}
	return out
}

// StaticManifests returns the staticPodPath of node's kubelet (read from
// its config file on the node) and the files kpod writes there for
// namespace ns (kpod-NS-*).
func StaticManifests(t testing.TB, c kubernetes.Interface, node, ns string) (dir string, files []string) {
	t.Helper()
	host := NodeHostIn(t, c, node, ns)
	for _, line := range strings.Split(host.MustSh("cat /host/var/lib/kubelet/config.yaml"), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "staticPodPath:"); ok {
			dir = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	if dir == "" {
		t.Fatalf("the kubelet on %s has no staticPodPath", node)
	}
	for _, f := range strings.Fields(host.MustSh("ls -a /host" + dir)) {
		if strings.HasPrefix(f, "kpod-"+ns+"-") {
			files = append(files, f)
		}
	}
	return dir, files
}
