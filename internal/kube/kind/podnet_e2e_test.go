//go:build e2e

package kind_test

// TestPodNetworkAcrossNodes checks the Pod network of a cluster of several
// nodes (make e2e-kind: kpod's default layout, one control-plane node and two
// workers): a web Pod on every node, and from every node a shell Pod that
// fetches each other node's web page by Pod IP (wget), pings it, and
// resolves kubernetes.default through CoreDNS. It asserts from the cluster's
// own state: each Pod's spec.nodeName, its IP inside its node's Pod range,
// and what each client printed. It skips on a cluster of one node (the e2e
// harness).

import (
	"context"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func e2eClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatalf("e2e tests need a cluster (KUBECONFIG): %v", err)
	}
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// podOnNode is a Pod that runs on node only, control plane included.
func podOnNode(name, node, image string, cmd []string) *corev1.Pod {
	zero := int64(0)
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app.kubernetes.io/part-of": "kpod-podnet-e2e"}},
		Spec: corev1.PodSpec{
			NodeSelector:                  map[string]string{"kubernetes.io/hostname": node},
			Tolerations:                   []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: &zero,
			Containers: []corev1.Container{{
				Name:            "main",
				Image:           image,
				ImagePullPolicy: corev1.PullIfNotPresent,
				Command:         cmd,
			}},
		},
	}
	return p
}

// clientScript fetches and pings every target IP and resolves
// kubernetes.default, each up to three times, printing one line per check:
// "wget IP ok", "ping IP ok", "dns ok" (followed by nslookup's answer), or
// the same with FAIL. /bin/nslookup is the images' wrapper that applies
// resolv.conf's search domains (busybox sh would run its own applet for a
// bare "nslookup").
const clientScript = `
fail=0
try() { i=0; while [ $i -lt 3 ]; do "$@" && return 0; i=$((i+1)); sleep 2; done; return 1; }
page() { timeout 10 wget -q -O - "http://$1/" 2>&1 | grep -q 'kpod web'; } # (busybox 1.35's wget -T crashes)
for ip in $TARGETS; do
  if try page "$ip"; then echo "wget $ip ok"; else echo "wget $ip FAIL"; fail=1; fi
  if try ping -c 1 -W 3 "$ip" >/dev/null 2>&1; then echo "ping $ip ok"; else echo "ping $ip FAIL"; fail=1; fi
done
if out=$(try /bin/nslookup kubernetes.default 2>&1); then echo "dns ok"; else echo "dns FAIL"; fail=1; fi
printf '%s\n' "$out" | sed 's/^/  /'
exit $fail
`

func TestPodNetworkAcrossNodes(t *testing.T) {
	c := e2eClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	nodeList, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodeList.Items) < 2 {
		t.Skipf("the cluster has %d node; this test needs two or more (make e2e-kind)", len(nodeList.Items))
	}
	nodes := map[string]*corev1.Node{}
	var names []string
	for i := range nodeList.Items {
		n := &nodeList.Items[i]
		nodes[n.Name] = n
		names = append(names, n.Name)
	}
	sort.Strings(names)

	svc, err := c.CoreV1().Services("default").Get(ctx, "kubernetes", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	apiIP := svc.Spec.ClusterIP

	ns, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "kpod-podnet-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = c.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{})
	})
	pods := c.CoreV1().Pods(ns.Name)
	web := envOr("KPOD_IMAGE_WEB", "kpod.local/web:1.0")
	shell := envOr("KPOD_IMAGE_SHELL", "kpod.local/shell:1.0")

	// A web server on every node.
	for i, n := range names {
		p := podOnNode(fmt.Sprintf("web-%d", i), n, web, nil)
		if _, err := pods.Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	webIP := map[string]string{} // node -> its web Pod's IP
	for i, n := range names {
		p := waitPod(ctx, t, c, ns.Name, fmt.Sprintf("web-%d", i), func(p *corev1.Pod) bool {
			return p.Status.Phase == corev1.PodRunning && p.Status.PodIP != ""
		})
		checkPlacement(t, p, nodes[n])
		webIP[n] = p.Status.PodIP
		t.Logf("web-%d on %s (Pod range %s): %s", i, n, nodes[n].Spec.PodCIDR, p.Status.PodIP)
	}

	// From every node, the other nodes' web Pods and CoreDNS.
	for i, n := range names {
		var targets []string
		for _, m := range names {
			if m != n {
				targets = append(targets, webIP[m])
			}
		}
		p := podOnNode(fmt.Sprintf("client-%d", i), n, shell, []string{"sh", "-c", clientScript})
		p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "TARGETS", Value: strings.Join(targets, " ")}}
		if _, err := pods.Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range names {
		name := fmt.Sprintf("client-%d", i)
		p := waitPod(ctx, t, c, ns.Name, name, func(p *corev1.Pod) bool {
			return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
		})
		checkPlacement(t, p, nodes[n])
		raw, err := pods.GetLogs(name, &corev1.PodLogOptions{}).DoRaw(ctx)
		if err != nil {
			t.Errorf("logs of %s: %v", name, err)
			continue
		}
		logs := string(raw)
		t.Logf("%s on %s (%s):\n%s", name, n, p.Status.PodIP, strings.TrimRight(logs, "\n"))
		for _, m := range names {
			if m == n {
				continue
			}
			for _, check := range []string{"wget", "ping"} {
				if line := check + " " + webIP[m] + " ok"; !strings.Contains(logs, line+"\n") {
					t.Errorf("from %s (node %s) to web Pod %s (node %s): no %q", name, n, webIP[m], m, line)
				}
			}
		}
		if !strings.Contains(logs, "dns ok\n") || !strings.Contains(logs, apiIP) {
			t.Errorf("%s (node %s) did not resolve kubernetes.default to %s through CoreDNS", name, n, apiIP)
		}
		if p.Status.Phase != corev1.PodSucceeded {
			t.Errorf("%s (node %s) ended %s", name, n, p.Status.Phase)
		}
	}
}

// checkPlacement: the Pod ran on node, with an IP in node's Pod range.
func checkPlacement(t *testing.T, p *corev1.Pod, node *corev1.Node) {
	t.Helper()
	if p.Spec.NodeName != node.Name {
		t.Errorf("pod/%s ran on %q, not on %q", p.Name, p.Spec.NodeName, node.Name)
	}
	_, cidr, err := net.ParseCIDR(node.Spec.PodCIDR)
	if err != nil {
		t.Errorf("node %s has no Pod range (spec.podCIDR %q)", node.Name, node.Spec.PodCIDR)
		return
	}
	if ip := net.ParseIP(p.Status.PodIP); ip == nil || !cidr.Contains(ip) {
		t.Errorf("pod/%s on %s has IP %q, outside the node's Pod range %s", p.Name, node.Name, p.Status.PodIP, cidr)
	}
}

func waitPod(ctx context.Context, t *testing.T, c kubernetes.Interface, ns, name string, done func(*corev1.Pod) bool) *corev1.Pod {
	t.Helper()
	var last *corev1.Pod
	for {
		p, err := c.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			last = p
			if done(p) {
				return p
			}
		} else if !apierrors.IsNotFound(err) && ctx.Err() == nil {
			t.Logf("pod/%s: %v", name, err)
		}
		select {
		case <-ctx.Done():
			if last != nil {
				t.Fatalf("pod/%s: still %s on %q (%v)", name, last.Status.Phase, last.Spec.NodeName, last.Status.ContainerStatuses)
			}
			t.Fatalf("pod/%s never appeared", name)
		case <-time.After(time.Second):
		}
	}
}
