//go:build e2e

package pause_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// proc is one process of the Pod as the test's own host Pod sees it.
type proc struct{ pid, netns, cgroup, cmd string }

// podProcs finds the Pod's processes on the node by its UID in their cgroups.
func podProcs(t *testing.T, h *lessontest.Host, uid string) []proc {
	t.Helper()
	re := "pod" + uid + "|pod" + strings.ReplaceAll(uid, "-", "_")
	out := h.MustSh(`for d in /proc/[0-9]*; do
  g=$(grep -m1 -E '` + re + `' $d/cgroup 2>/dev/null) || continue
  printf '%s\t%s\t%s\t%s\n' "${d#/proc/}" "$(readlink $d/ns/net)" "$g" "$(tr '\0' ' ' < $d/cmdline)"
done`)
	var procs []proc
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.SplitN(line, "\t", 4)
		if len(f) == 4 && strings.TrimSpace(f[3]) != "" {
			procs = append(procs, proc{f[0], f[1], f[2], strings.TrimSpace(f[3])})
		}
	}
	return procs
}

func pauseOf(procs []proc) (proc, bool) {
	for _, p := range procs {
		if strings.HasPrefix(p.cmd, "/pause") {
			return p, true
		}
	}
	return proc{}, false
}

func TestPauseOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)
	ctx := context.Background()
	ns := lessontest.Namespace

	run := lessontest.Step(t, "pause")
	run.To("netns")

	// While the lesson waits before its next step, look at the node ourselves.
	pod, err := c.CoreV1().Pods(ns).Get(ctx, "multipod", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prefix, onKind := lessontest.NodeWay(t, c, pod.Spec.NodeName)
	// On kind kpod uses docker exec and makes no helper Pod; elsewhere one
	// helper Pod on the Pod's node, named for this run.
	helpers := lessontest.Helpers(t, c)
	switch {
	case onKind && len(helpers) != 0:
		t.Errorf("kpod made helper Pods on a kind node it reaches with docker exec: %v", helpers)
	case !onKind && (len(helpers) != 1 || helpers[0].Spec.NodeName != pod.Spec.NodeName || helpers[0].Name == "kpod-node-"+pod.Spec.NodeName):
		t.Errorf("want one helper Pod of this run on node %s during the node steps, got %v", pod.Spec.NodeName, helpers)
	}
	host := lessontest.NodeHost(t, c, pod.Spec.NodeName)
	uid := string(pod.UID)
	procs := podProcs(t, host, uid)
	pause, ok := pauseOf(procs)
	if !ok {
		t.Fatalf("no /pause process in the cgroups of pod UID %s: %+v", uid, procs)
	}
	// Every app container has a process in the Pod's cgroup, named by its container ID.
	for _, cs := range pod.Status.ContainerStatuses {
		_, id, _ := strings.Cut(cs.ContainerID, "://")
		found := false
		for _, p := range procs {
			found = found || strings.Contains(p.cgroup, id)
		}
		if !found {
			t.Errorf("container %s (%s) has no process in the Pod's cgroup: %+v", cs.Name, id, procs)
		}
	}
	if len(procs) < 3 {
		t.Errorf("want the pause process and both containers' processes, got %+v", procs)
	}
	for _, p := range procs {
		if !strings.Contains(p.cgroup, uid) && !strings.Contains(p.cgroup, strings.ReplaceAll(uid, "-", "_")) {
			t.Errorf("process %s: cgroup %q does not name the Pod UID", p.pid, p.cgroup)
		}
		if p.netns != pause.netns {
			t.Errorf("process %s (%s) is in %s, the pause process in %s", p.pid, p.cmd, p.netns, pause.netns)
		}
	}
	addrs := host.MustSh("nsenter -t " + pause.pid + " -n ip addr 2>/dev/null || cat /proc/" + pause.pid + "/net/fib_trie")
	if !strings.Contains(addrs, pod.Status.PodIP) {
		t.Errorf("the pause process's network namespace does not hold the Pod IP %s:\n%s", pod.Status.PodIP, addrs)
	}

	// After the shell container was killed and restarted, the sandbox is the same.
	run.To("restart")
	after := podProcs(t, host, uid)
	pause2, ok := pauseOf(after)
	if !ok || pause2.pid != pause.pid || pause2.netns != pause.netns {
		t.Errorf("the pause process changed with the restart: before %+v, after %+v", pause, pause2)
	}
	for _, p := range after {
		if p.netns != pause.netns {
			t.Errorf("after the restart, process %s (%s) is in %s, not %s", p.pid, p.cmd, p.netns, pause.netns)
		}
	}
	if !rec.Any("multipod", func(p *corev1.Pod) bool {
		for _, cs := range p.Status.ContainerStatuses {
			if cs.Name == "shell-container" && cs.RestartCount == 1 && cs.Ready {
				return p.Status.PodIP == pod.Status.PodIP
			}
		}
		return false
	}) {
		t.Error("pod/multipod never had its shell container restarted once and ready with the same Pod IP")
	}

	r := run.Finish()
	// Every node command is shown the way kpod ran it.
	cmds := r.NodeCommands()
	if len(cmds) < 8 {
		t.Errorf("want the lesson's 8 node commands, got %q", cmds)
	}
	for _, cmd := range cmds {
		if !strings.HasPrefix(cmd, prefix) {
			t.Errorf("node command %q does not start with %q", cmd, prefix)
		}
	}
	// The node kpod went to is the one the API server says runs the Pod: the
	// fact it read, and every node command (the prefix above names the node).
	if got, _ := r.Fact("node").(string); got != pod.Spec.NodeName {
		t.Errorf("kpod says the Pod runs on node %q, its spec.nodeName is %q", got, pod.Spec.NodeName)
	}
	if pid, _ := r.Fact("pause-pid").(float64); fmt.Sprint(pid) != pause.pid {
		t.Errorf("kpod found pause PID %v, the node shows %s", r.Fact("pause-pid"), pause.pid)
	}
	lessontest.PodsGone(t, c, lessontest.Namespace) // deleted at the end; the kubelet stops them
	if len(lessontest.Helpers(t, c)) != 0 {
		t.Error("a node helper is still there after the lesson")
	}
	lessontest.NothingLeft(t, c, ns)
}
