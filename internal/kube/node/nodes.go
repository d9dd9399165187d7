package node

import (
	"context"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Sort returns the nodes by name.
func Sort(list []corev1.Node) []corev1.Node {
	nodes := append([]corev1.Node(nil), list...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	return nodes
}

// Ready reports whether a node's Ready condition is True.
func Ready(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

const controlPlane = "node-role.kubernetes.io/control-plane"

// IsControlPlane reports whether n has the control-plane role.
func IsControlPlane(n *corev1.Node) bool { _, ok := n.Labels[controlPlane]; return ok }

// Pick picks a node: want if set, else the first Ready worker, else the
// first Ready control-plane node (a cluster of one). Workers come first: a
// control-plane node's staticPodPath holds the control plane's own
// manifests. The node it picks is Ready.
func Pick(nodes []corev1.Node, want string) (*corev1.Node, error) {
	var pick *corev1.Node
	cp := IsControlPlane
	for i := range nodes {
		n := &nodes[i]
		if want != "" {
			if n.Name == want {
				pick = n
			}
			continue
		}
		if Ready(n) && (pick == nil || !cp(n) && cp(pick)) {
			pick = n
		}
	}
	switch {
	case pick == nil && want != "":
		return nil, words.Err("err.node.nonode", text.Facts{"Node": want})
	case pick == nil:
		return nil, words.Err("err.node.noready", nil)
	case !Ready(pick):
		return nil, words.Err("err.node.notready", text.Facts{"Node": pick.Name})
	}
	return pick, nil
}

// Table prints nodes the way `kubectl get nodes` does.
func Table(nodes []corev1.Node, now time.Time) string {
	var rows [][]string
	for i := range nodes {
		n := &nodes[i]
		status := "NotReady"
		if Ready(n) {
			status = "Ready"
		}
		if n.Spec.Unschedulable {
			status += ",SchedulingDisabled"
		}
		var roles []string
		for k := range n.Labels {
			if r, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok && r != "" {
				roles = append(roles, r)
			}
		}
		sort.Strings(roles)
		rows = append(rows, []string{n.Name, status, none(strings.Join(roles, ",")),
			duration.HumanDuration(now.Sub(n.CreationTimestamp.Time)), n.Status.NodeInfo.KubeletVersion})
	}
	return kube.Columns([]string{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}, rows)
}

// none returns s, or <none> as kubectl prints an empty cell.
func none(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

// Schedulable reports whether the scheduler may put a Pod without
// tolerations on n: Ready, not cordoned, no NoSchedule or NoExecute taint.
func Schedulable(n *corev1.Node) bool {
	if !Ready(n) || n.Spec.Unschedulable {
		return false
	}
	for _, t := range n.Spec.Taints {
		if t.Effect == corev1.TaintEffectNoSchedule || t.Effect == corev1.TaintEffectNoExecute {
			return false
		}
	}
	return true
}

// Other returns the first schedulable node, by name, other than skip, or ""
// when there is none (a cluster of one node that takes Pods).
func Other(nodes []corev1.Node, skip string) string {
	for _, n := range Sort(nodes) {
		if n.Name != skip && Schedulable(&n) {
			return n.Name
		}
	}
	return ""
}

// Allocatable reads what the node offers Pods (status.allocatable).
func Allocatable(ctx context.Context, c kubernetes.Interface, node string) (corev1.ResourceList, error) {
	n, err := c.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})
	if err != nil {
		return nil, kube.Explain(err)
	}
	return n.Status.Allocatable, nil
}
