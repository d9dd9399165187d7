//go:build e2e

package run_test

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestRunOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)

	r := lessontest.Lesson(t, "run")

	for _, name := range []string{"webserver", "nginx-pod"} {
		if !rec.Any(name, func(p *corev1.Pod) bool { return p.Status.PodIP != "" && lessontest.Running(p) }) {
			t.Errorf("pod/%s never had an IP and Ready containers", name)
		}
		if len(rec.Events(name, "Scheduled")) == 0 {
			t.Errorf("no Scheduled event for pod/%s", name)
		}
	}
	ip, _ := r.Fact("webserver.ip").(string)
	seen := rec.Pod("webserver")
	if len(seen) == 0 || ip != seen[len(seen)-1].Status.PodIP {
		t.Errorf("kpod reported pod IP %q, the cluster had %v", ip, seen)
	}
	// The web server answered the throwaway client with its page, and the
	// client Pod ran to completion on the cluster.
	if !strings.Contains(strings.ToLower(r.Outputs()), "<html") {
		t.Errorf("no web page in the output:\n%s", r.Outputs())
	}
	if !rec.Any("client", func(p *corev1.Pod) bool { return p.Status.Phase == "Succeeded" }) {
		t.Error("the client Pod never succeeded")
	}
	// With two nodes that take Pods, the client ran on another node than
	// webserver: the wget above crossed nodes.
	web, client := lastNode(rec.Pod("webserver")), lastNode(rec.Pod("client"))
	if web == "" || client == "" {
		t.Errorf("no node seen: webserver on %q, client on %q", web, client)
	}
	if n := schedulable(t, c); n >= 2 && client == web {
		t.Errorf("%d nodes take Pods, yet the client ran on webserver's node %s", n, web)
	} else {
		t.Logf("%d nodes take Pods; webserver on %s, client on %s", n, web, client)
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}

func lastNode(seen []*corev1.Pod) string {
	for i := len(seen) - 1; i >= 0; i-- {
		if n := seen[i].Spec.NodeName; n != "" {
			return n
		}
	}
	return ""
}

// schedulable counts the nodes, as the API server has them, that are Ready,
// not cordoned and without a NoSchedule or NoExecute taint.
func schedulable(t *testing.T, c kubernetes.Interface) int {
	list, err := c.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
next:
	for _, node := range list.Items {
		if node.Spec.Unschedulable {
			continue
		}
		for _, tn := range node.Spec.Taints {
			if tn.Effect == corev1.TaintEffectNoSchedule || tn.Effect == corev1.TaintEffectNoExecute {
				continue next
			}
		}
		for _, cond := range node.Status.Conditions {
			if cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue {
				n++
			}
		}
	}
	return n
}
