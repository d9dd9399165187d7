package node

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/text"
)

func TestShellCommand(t *testing.T) {
	prefix := []string{"docker", "exec", "kpod-control-plane"}
	for script, want := range map[string]string{
		"crictl pods --name multipod --namespace kpod": "docker exec kpod-control-plane crictl pods --name multipod --namespace kpod",
		"crictl ps --pod <pod-id>":                     "docker exec kpod-control-plane crictl ps --pod <pod-id>",
		"grep -lE 'pod1|pod_1' /proc/[0-9]*/cgroup":    `docker exec kpod-control-plane sh -c "grep -lE 'pod1|pod_1' /proc/[0-9]*/cgroup"`,
		"echo \"$HOME\" 'x'":                           `docker exec kpod-control-plane sh -c 'echo "$HOME" '"'"'x'"'"''`,
		"ls -l /etc/kubernetes/manifests":              "docker exec kpod-control-plane ls -l /etc/kubernetes/manifests",
	} {
		if got := ShellCommand(prefix, script); got != want {
			t.Errorf("ShellCommand(%q) =\n %s\nwant\n %s", script, got, want)
		}
	}
}

// helperFake is a fake cluster where a helper Pod runs as soon as it is
// made, and exec answers from a table; it records what ran where.
func helperFake(t *testing.T) (*HelperPods, *fake.Clientset, *[]string) {
	t.Helper()
	c := fake.NewClientset()
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		a.(k8stesting.CreateAction).GetObject().(*corev1.Pod).Status.Phase = corev1.PodRunning
		return false, nil, nil
	})
	var mu sync.Mutex
	var ran []string
	exec := func(_ context.Context, ns, pod, container string, cmd []string) (string, string, error) {
		mu.Lock()
		defer mu.Unlock()
		ran = append(ran, ns+"/"+pod+"/"+container+": "+strings.Join(cmd, " "))
		if cmd[len(cmd)-1] == "false" {
			return "", "it failed\n", errors.New("command terminated with exit code 1")
		}
		return "out\n", "", nil
	}
	return &HelperPods{Client: c, Exec: exec, Namespace: "kpod", Image: "busybox:1.37", Labels: map[string]string{"app.kubernetes.io/managed-by": "kpod"}, Timeout: 10 * time.Second}, c, &ran
}

// The helper-Pod way: one privileged hostPID Pod per node and run, its
// scripts run in the node's root, shown as kubectl debug, deleted by Close.
func TestHelperPods(t *testing.T) {
	ctx := context.Background()
	h, c, ran := helperFake(t)
	var made []string
	h.Creating = func(node, pod string) { made = append(made, node+"="+pod) }
	var a Access = h
	if got := a.Command("node-1", "crictl pods"); got != "kubectl debug node/node-1 -it --profile=sysadmin --image=busybox:1.37 -- chroot /host crictl pods" {
		t.Errorf("Command = %s", got)
	}
	if got := a.Copy("node-1", "static-web.yaml", "/etc/kubernetes/manifests/kpod-kpod-static-web.yaml"); got !=
		`kubectl debug node/node-1 -i --profile=sysadmin --image=busybox:1.37 -- chroot /host sh -c 'cat > /etc/kubernetes/manifests/kpod-kpod-static-web.yaml' < static-web.yaml` {
		t.Errorf("Copy = %s", got)
	}
	for i := 0; i < 2; i++ {
		if out, err := a.Run(ctx, "node-1", "crictl pods"); err != nil || out != "out\n" {
			t.Fatalf("Run = %q, %v", out, err)
		}
	}
	name := h.Name("node-1")
	if !strings.HasPrefix(name, "kpod-node-node-1-") || len(name) != len("kpod-node-node-1-")+5 {
		t.Errorf("helper name %q", name)
	}
	if other := (&HelperPods{}).Name("node-1"); other == name {
		t.Errorf("two runs share the helper name %s", name)
	}
	if strings.Join(made, " ") != "node-1="+name {
		t.Errorf("Creating heard %v, want one helper", made)
	}
	want := "kpod/" + name + "/node: chroot /host sh -c crictl pods"
	if len(*ran) != 2 || (*ran)[0] != want {
		t.Errorf("ran %q, want twice %q", *ran, want)
	}
	p, err := c.CoreV1().Pods("kpod").Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Spec.HostPID || p.Spec.NodeName != "node-1" || !*p.Spec.Containers[0].SecurityContext.Privileged ||
		p.Spec.Volumes[0].HostPath.Path != "/" || p.Labels[HelperLabel] != "true" || p.Labels["app.kubernetes.io/managed-by"] != "kpod" {
		t.Errorf("the helper is not a labelled privileged hostPID Pod with the node's /: %+v", p)
	}
	if _, err := a.Run(ctx, "node-1", "false"); !text.HasKey(err, "err.node.onnode") || err.Error() != "on node node-1: it failed" {
		t.Errorf("a failing script: %v", err)
	}
	if err := h.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if pods, _ := c.CoreV1().Pods("kpod").List(ctx, metav1.ListOptions{}); len(pods.Items) != 0 {
		t.Errorf("Close left %d Pods", len(pods.Items))
	}
}

// A cluster that refuses privileged Pods: ErrNoAccess, from the
// server-side dry run (which makes nothing) and from a real create.
func TestHelperPodsRefused(t *testing.T) {
	ctx := context.Background()
	h, c, ran := helperFake(t)
	var dryRuns int
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if len(a.(k8stesting.CreateActionImpl).CreateOptions.DryRun) > 0 {
			dryRuns++
		}
		return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), "x", errors.New(`violates PodSecurity "baseline:latest": privileged`))
	})
	if err := h.Check(ctx, "node-1"); !errors.Is(err, ErrNoAccess) || text.Key(err) != "err.node.helper" || !strings.Contains(err.Error(), "on node node-1 in namespace kpod") {
		t.Errorf("Check: %v", err)
	}
	if dryRuns != 1 {
		t.Errorf("Check made %d server-side dry runs, want 1", dryRuns)
	}
	if _, err := h.Run(ctx, "node-1", "true"); !errors.Is(err, ErrNoAccess) {
		t.Errorf("Run: %v", err)
	}
	if len(*ran) != 0 {
		t.Errorf("ran %v although refused", *ran)
	}
}

// A helper Pod is waited for on the caller's watch when it gives one.
func TestHelperPodsWait(t *testing.T) {
	c := fake.NewClientset()
	var waited string
	h := &HelperPods{Client: c, Namespace: "ns", Image: "shell",
		Wait: func(_ context.Context, name string, _ time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
			waited = name
			p := &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning}}
			if ok, err := cond(p); !ok || err != nil {
				t.Errorf("a running helper Pod does not meet the wait: %v", err)
			}
			return p, nil
		}}
	name, err := h.Start(context.Background(), "node-1")
	if err != nil {
		t.Fatal(err)
	}
	if waited != name {
		t.Errorf("waited for %q, want %q", waited, name)
	}
	if got := verbs(c); got["watch"] != 0 || got["create"] != 1 {
		t.Errorf("requests %v, want one create and no watch", got)
	}
}

// verbs counts a fake clientset's actions by verb.
func verbs(c *fake.Clientset) map[string]int {
	out := map[string]int{}
	for _, a := range c.Actions() {
		out[a.GetVerb()]++
	}
	return out
}
