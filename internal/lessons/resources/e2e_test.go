//go:build e2e

package resources_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
)

func TestResourcesOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	r := lessontest.Lesson(t, "resources")

	// --previous showed the log of the run the kernel killed: the line its
	// command writes before it reads the memory, as the API returned it.
	if prev, _ := r.Fact("previous-logs.oom-demo").(string); !strings.Contains(prev, "reading 200 MiB into memory") {
		t.Errorf("the previous log of pod/oom-demo is %q, want the killed run's first line", prev)
	}

	// The too-big Pod: the scheduler said why, and it never got a node.
	if len(rec.Events("too-big", "FailedScheduling")) == 0 {
		t.Error("no FailedScheduling event for pod/too-big")
	}
	// kpod explained the scheduler's own message, whose node count is the
	// cluster's, and every part of it is explained by a text of its own.
	nodeList, err := c.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := r.Fact("failed-scheduling.message").(string)
	if want := fmt.Sprintf("0/%d nodes are available", len(nodeList.Items)); !strings.HasPrefix(msg, want) {
		t.Errorf("kpod explained %q, want the scheduler's message for %d nodes", msg, len(nodeList.Items))
	}
	for _, l := range resources.SchedulingLines(msg) {
		if l.Kind == "other" {
			t.Errorf("kpod has no text for %q", l.Quote)
		}
	}
	seen := rec.Pod("too-big")
	if len(seen) == 0 {
		t.Fatal("pod/too-big was never seen")
	}
	for _, p := range seen {
		if p.Spec.NodeName != "" || p.Status.PodIP != "" {
			t.Errorf("pod/too-big got node %q, IP %q", p.Spec.NodeName, p.Status.PodIP)
		}
	}

	// The OOM Pod: killed for memory with 137, restarted in the same Pod on
	// the same node.
	var oom *corev1.ContainerStatus
	uids, nodes := map[string]bool{}, map[string]bool{}
	for _, p := range rec.Pod("oom-demo") {
		uids[string(p.UID)] = true
		if p.Spec.NodeName != "" {
			nodes[p.Spec.NodeName] = true
		}
		for i, cs := range p.Status.ContainerStatuses {
			// containerd tells an OOM kill as OOMKilled, or, when it misses
			// the cgroup's OOM event (seen on kind's containerd 1.6 under
			// load), as Error with the kernel's SIGKILL, 137.
			if t := cs.LastTerminationState.Terminated; t != nil && (t.Reason == "OOMKilled" || t.Reason == "Error" && t.ExitCode == 137) && cs.RestartCount >= 1 {
				oom = &p.Status.ContainerStatuses[i]
			}
		}
	}
	switch {
	case oom == nil:
		t.Error("pod/oom-demo never had a container restarted after an OOM kill (OOMKilled, or Error with 137)")
	case oom.LastTerminationState.Terminated.ExitCode != 137:
		t.Errorf("OOMKilled with exit code %d, want 137", oom.LastTerminationState.Terminated.ExitCode)
	}
	if len(uids) != 1 || len(nodes) != 1 {
		t.Errorf("pod/oom-demo had UIDs %v and nodes %v: want one of each (restarted in place)", uids, nodes)
	}
	if oom != nil && r.Fact("oom.reason") != oom.LastTerminationState.Terminated.Reason || r.Fact("oom.exit-code") != "137" {
		t.Errorf("kpod reported %v / %v", r.Fact("oom.reason"), r.Fact("oom.exit-code"))
	}

	// The QoS classes the lesson names are the ones the cluster stored.
	for pod, class := range map[string]corev1.PodQOSClass{
		"nginx-resources": corev1.PodQOSBurstable, "qos-guaranteed": corev1.PodQOSGuaranteed, "qos-besteffort": corev1.PodQOSBestEffort,
	} {
		if !rec.Any(pod, func(p *corev1.Pod) bool { return p.Status.QOSClass == class }) {
			t.Errorf("pod/%s never had qosClass %s", pod, class)
		}
		if got := r.Fact("qos." + pod); got != string(class) {
			t.Errorf("kpod said pod/%s is %v, want %s", pod, got, class)
		}
	}
	// The five Pods were made before the first was Ready.
	rec.Together(t, "nginx-resources", "qos-guaranteed", "qos-besteffort", "too-big", "oom-demo")
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
