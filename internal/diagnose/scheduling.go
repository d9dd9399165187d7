package diagnose

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kpod-dev/kpod/internal/kube"
)

var (
	taintText = regexp.MustCompile(`untolerated taint\(?s?\)?:? ?(\{[^}]*\})`)
	// controlPlaneTaint keeps Pods off a control plane node on most clusters:
	// beside another reason, it is not the reason.
	controlPlaneTaint = regexp.MustCompile(`^\{node-role\.kubernetes\.io/(control-plane|master):`)
	insufficient      = regexp.MustCompile(`Insufficient ([A-Za-z0-9./_-]*[A-Za-z0-9])`)
)

// unschedulable: no node can take the Pod, or scheduling gates hold it back.
type unschedulable struct{}

func (unschedulable) match(d *diag) bool {
	return d.pod.Spec.NodeName == "" &&
		(d.lastEvent("", nil, "FailedScheduling") != nil || kube.Unschedulable(d.pod) != nil || schedulingGated(d.pod))
}

// schedulingGated reports whether scheduling gates keep the scheduler from
// looking at the Pod.
func schedulingGated(pod *corev1.Pod) bool {
	return kube.Condition(pod, corev1.PodScheduled) == corev1.ConditionFalse && len(pod.Spec.SchedulingGates) > 0
}

func (unschedulable) explain(d *diag) {
	pod := d.pod
	ev := d.lastEvent("", nil, "FailedScheduling")
	cond := kube.Unschedulable(pod)
	gated := schedulingGated(pod)
	msg := ""
	if cond != nil {
		msg = cond.Message
	}
	if ev != nil {
		msg = ev.Message
	}
	variant := "other"
	var resName, taint, claim string
	switch m := insufficient.FindStringSubmatch(msg); {
	case gated:
		variant = "gated"
	case m != nil:
		variant, resName = "insufficient", m[1]
	case strings.Contains(msg, "unbound immediate PersistentVolumeClaims") || strings.Contains(msg, "persistentvolumeclaim"):
		variant = "pvc"
		claim = claims(pod)
	case selectedTaint(pod, d.in.Nodes) != "":
		variant, taint = "taint", selectedTaint(pod, d.in.Nodes)
	case ownTaint(msg) != "":
		variant, taint = "taint", ownTaint(msg)
	case strings.Contains(msg, "didn't match Pod's node affinity/selector"):
		variant = "selector"
	case strings.Contains(msg, "untolerated taint"):
		variant = "taint"
		if t := taintText.FindStringSubmatch(msg); t != nil {
			taint = t[1]
		}
	}
	d.set(Unschedulable, variant)
	f := &d.facts
	f.Message, f.Resource, f.Taint, f.Claim = sentence(msg, 400), resName, taint, claim
	if resName != "" {
		f.Request = podRequest(pod, corev1.ResourceName(resName))
	}
	if variant == "selector" {
		f.Selector = selectorText(pod)
	}
	d.addEvent(ev)
	if gated {
		var names []string
		for _, g := range pod.Spec.SchedulingGates {
			names = append(names, g.Name)
		}
		f.Gates = strings.Join(names, ", ")
		d.addField(`{.status.conditions[?(@.type=="PodScheduled")].reason}`, string(corev1.PodReasonSchedulingGated))
		d.addField("{.spec.schedulingGates[*].name}", strings.Join(names, " "))
		return
	}
	if cond != nil {
		d.addField(`{.status.conditions[?(@.type=="PodScheduled")].reason}`, cond.Reason)
	}
	switch {
	case variant == "selector" && len(pod.Spec.NodeSelector) > 0:
		d.addField("{.spec.nodeSelector}", nodeSelectorJSON(pod))
	case variant == "pvc" && claim != "":
		d.addField("{.spec.volumes[*].persistentVolumeClaim.claimName}", claim)
	}
	if f.Request != "" {
		var each []string
		for _, c := range pod.Spec.Containers {
			if q, ok := c.Resources.Requests[corev1.ResourceName(resName)]; ok {
				each = append(each, q.String())
			}
		}
		d.addField(fmt.Sprintf("{.spec.containers[*].resources.requests.%s}", jsonpathKey(resName)), strings.Join(each, " "))
	}
}

// selectedTaint returns a taint, not tolerated by the Pod, on the nodes its
// nodeSelector selects, when there are such nodes and each has one. The
// scheduler checks taints before the selector, so its message does not say
// this.
func selectedTaint(pod *corev1.Pod, nodes []corev1.Node) string {
	if len(pod.Spec.NodeSelector) == 0 {
		return ""
	}
	first := ""
	for _, n := range nodes {
		if !labels.SelectorFromSet(pod.Spec.NodeSelector).Matches(labels.Set(n.Labels)) {
			continue
		}
		t := untolerated(pod, n.Spec.Taints)
		if t == nil {
			return "" // a selected node without one: not the taint
		}
		if first == "" {
			first = fmt.Sprintf("{%s: %s}", t.Key, t.Value)
		}
	}
	return first
}

// untolerated returns the first taint that keeps the Pod off a node,
// preferring one set by people to one the node controller sets
// (node.kubernetes.io/…).
func untolerated(pod *corev1.Pod, taints []corev1.Taint) *corev1.Taint {
	own := append([]corev1.Taint(nil), taints...)
	sort.SliceStable(own, func(i, j int) bool {
		return !strings.HasPrefix(own[i].Key, "node.kubernetes.io/") && strings.HasPrefix(own[j].Key, "node.kubernetes.io/")
	})
	taints = own
	for i, t := range taints {
		if t.Effect == corev1.TaintEffectPreferNoSchedule {
			continue
		}
		ok := false
		for _, tol := range pod.Spec.Tolerations {
			ok = ok || tolerates(tol, t)
		}
		if !ok {
			return &taints[i]
		}
	}
	return nil
}

// tolerates reports whether tol tolerates t, as Toleration.ToleratesTaint
// does without its feature gates.
func tolerates(tol corev1.Toleration, t corev1.Taint) bool {
	if tol.Effect != "" && tol.Effect != t.Effect || tol.Key != "" && tol.Key != t.Key {
		return false
	}
	return tol.Operator == corev1.TolerationOpExists || tol.Key != "" && tol.Value == t.Value
}

// ownTaint returns the first untolerated taint named in the scheduler's
// message msg that is not a control plane's: the nodes a selector lets
// through can carry it.
func ownTaint(msg string) string {
	for _, t := range taintText.FindAllStringSubmatch(msg, -1) {
		if !controlPlaneTaint.MatchString(t[1]) {
			return t[1]
		}
	}
	return ""
}

// jsonpathKey escapes the dots of a resource name (nvidia.com/gpu) for JSONPath.
func jsonpathKey(name string) string { return strings.ReplaceAll(name, ".", `\.`) }

// podRequest adds up what the Pod's containers request of a resource, as
// the scheduler does: the app containers' sum, or the largest init container.
func podRequest(pod *corev1.Pod, name corev1.ResourceName) string {
	sum := resource.Quantity{}
	for _, c := range pod.Spec.Containers {
		if q, ok := c.Resources.Requests[name]; ok {
			sum.Add(q)
		}
	}
	for _, c := range pod.Spec.InitContainers {
		if q, ok := c.Resources.Requests[name]; ok && q.Cmp(sum) > 0 {
			sum = q.DeepCopy()
		}
	}
	if sum.IsZero() {
		return ""
	}
	return sum.String()
}

// claims lists the PersistentVolumeClaims the Pod's volumes use.
func claims(pod *corev1.Pod) string {
	var names []string
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			names = append(names, v.PersistentVolumeClaim.ClaimName)
		}
	}
	return strings.Join(names, " ")
}

// selectorText returns the Pod's nodeSelector as KEY=VALUE, sorted.
func selectorText(pod *corev1.Pod) string {
	var kv []string
	for k, v := range pod.Spec.NodeSelector {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, ", ")
}

// nodeSelectorJSON returns .spec.nodeSelector as kubectl's JSONPath prints
// it.
func nodeSelectorJSON(pod *corev1.Pod) string {
	b, _ := json.Marshal(pod.Spec.NodeSelector)
	return string(b)
}
