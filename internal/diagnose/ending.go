package diagnose

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// StuckAfter is how long past its deletion a Pod must still be there for
// kpod to call it stuck.
const StuckAfter = 30 * time.Second

// terminating: the Pod was deleted and is still there, past its grace
// period: its node is gone (no kubelet confirms the end) or finalizers hold it.
type terminating struct{}

func (terminating) match(d *diag) bool {
	del := d.pod.DeletionTimestamp
	return del != nil && !d.in.Now.IsZero() && d.in.Now.Sub(del.Time) >= StuckAfter
}

func (terminating) explain(d *diag) {
	pod := d.pod
	del := pod.DeletionTimestamp
	f := &d.facts
	f.Since = d.in.Now.Sub(del.Time).Round(time.Second).String()
	node := pod.Spec.NodeName
	switch {
	case node != "" && (d.in.NodeGone || d.in.Node != nil && !nodeReady(d.in.Node)):
		d.set(Terminating, "node")
		f.Node = node
		d.addField("{.spec.nodeName}", node)
	case len(pod.Finalizers) > 0:
		d.set(Terminating, "finalizers")
		f.Finalizers = strings.Join(pod.Finalizers, ", ")
		d.addField("{.metadata.finalizers}", jsonList(pod.Finalizers))
	default:
		d.set(Terminating, "other")
	}
	d.addField("{.metadata.deletionTimestamp}", del.UTC().Format(time.RFC3339))
}

func nodeReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// jsonList returns l as kubectl's JSONPath prints a list of strings.
func jsonList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// evicted: the kubelet stopped the Pod to save its node (memory, disk) or
// the Pod went over its ephemeral-storage limit.
type evicted struct{}

func (evicted) match(d *diag) bool { return d.pod.Status.Reason == "Evicted" }

func (evicted) explain(d *diag) {
	pod := d.pod
	variant := "other"
	switch low := strings.ToLower(pod.Status.Message); {
	case strings.Contains(low, "ephemeral local storage"):
		variant = "storage"
	case strings.Contains(low, "low on resource"):
		variant = "node"
	}
	d.set(Evicted, variant)
	d.facts.Message = sentence(pod.Status.Message, 300)
	d.addEvent(d.lastEvent("", nil, "Evicted"))
	d.addField("{.status.reason}", pod.Status.Reason)
	d.addField("{.status.message}", pod.Status.Message)
}
