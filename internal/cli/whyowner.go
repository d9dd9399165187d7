package cli

import (
	"context"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// whyKinds are the objects kpod why reads, by the names kubectl takes.
var whyKinds = map[string]string{
	"pod": "Pod", "pods": "Pod", "po": "Pod",
	"deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
	"replicaset": "ReplicaSet", "replicasets": "ReplicaSet", "rs": "ReplicaSet",
	"job": "Job", "jobs": "Job",
}

// splitTarget reads POD, pod/POD, deployment/NAME, replicaset/NAME or job/NAME.
func splitTarget(arg string) (kind, name string, err error) {
	k, n, ok := strings.Cut(arg, "/")
	if !ok {
		return "Pod", arg, nil
	}
	kind = whyKinds[strings.ToLower(strings.SplitN(k, ".", 2)[0])]
	if kind == "" || n == "" {
		return "", "", words.Err("err.cli.why.kind", text.Facts{"Arg": arg})
	}
	return kind, n, nil
}

// owned is what an owner has: who creates its Pods, how many it wants,
// and its Pods.
type owned struct {
	owner diagnose.Owner
	pods  []corev1.Pod
}

// findOwner reads a Deployment, ReplicaSet or Job in the first of namespaces
// that has it, with the object that creates its Pods, that object's Events,
// and the Pods.
func findOwner(ctx context.Context, c kubernetes.Interface, namespaces []string, kind, name string) (*owned, error) {
	for _, ns := range namespaces {
		o, err := readOwner(ctx, c, ns, kind, name)
		if kube.IsNotFound(err) {
			continue
		}
		return o, err
	}
	return nil, words.Err("err.cli.noobject", text.Facts{"Object": strings.ToLower(kind) + "/" + name, "Namespaces": strings.Join(namespaces, ", "), "Many": len(namespaces) > 1})
}

func readOwner(ctx context.Context, c kubernetes.Interface, ns, kind, name string) (*owned, error) {
	o := &owned{owner: diagnose.Owner{Kind: kind, Name: name, Namespace: ns}}
	var uid types.UID
	var sel *metav1.LabelSelector
	switch kind {
	case "Deployment":
		d, err := c.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		o.owner.Want = 1
		if d.Spec.Replicas != nil {
			o.owner.Want = *d.Spec.Replicas
		}
		list, err := c.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, kube.Explain(err)
		}
		var rs *appsv1.ReplicaSet
		for i := range list.Items { // the newest the Deployment controls
			r := &list.Items[i]
			if ref := metav1.GetControllerOf(r); ref != nil && ref.UID == d.UID && (rs == nil || r.CreationTimestamp.After(rs.CreationTimestamp.Time)) {
				rs = r
			}
		}
		if rs == nil {
			return o, nil
		}
		o.owner.Creator, uid, sel = "replicaset/"+rs.Name, rs.UID, rs.Spec.Selector
	case "ReplicaSet":
		rs, err := c.AppsV1().ReplicaSets(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		o.owner.Want = 1
		if rs.Spec.Replicas != nil {
			o.owner.Want = *rs.Spec.Replicas
		}
		o.owner.Creator, uid, sel = "replicaset/"+rs.Name, rs.UID, rs.Spec.Selector
	case "Job":
		j, err := c.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		o.owner.Want = 1
		if j.Spec.Parallelism != nil {
			o.owner.Want = *j.Spec.Parallelism
		}
		o.owner.Creator, uid, sel = "job/"+j.Name, j.UID, j.Spec.Selector
	}
	ckind, cname, _ := strings.Cut(o.owner.Creator, "/")
	evs, err := c.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: fields.Set{"involvedObject.name": cname}.String()})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for _, e := range evs.Items {
		if strings.EqualFold(e.InvolvedObject.Kind, ckind) && e.InvolvedObject.Name == cname {
			o.owner.Events = append(o.owner.Events, e)
		}
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		s = labels.Nothing()
	}
	pods, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: s.String()})
	if err != nil {
		return nil, kube.Explain(err)
	}
	for _, p := range pods.Items {
		if ref := metav1.GetControllerOf(&p); ref != nil && ref.UID == uid {
			o.pods = append(o.pods, p)
		}
	}
	o.owner.Have = int32(len(o.pods))
	// The Pod to diagnose first: one that is not ready, the newest.
	sort.SliceStable(o.pods, func(i, j int) bool {
		ri, rj := kube.Condition(&o.pods[i], corev1.PodReady) == corev1.ConditionTrue, kube.Condition(&o.pods[j], corev1.PodReady) == corev1.ConditionTrue
		if ri != rj {
			return !ri
		}
		return o.pods[i].CreationTimestamp.After(o.pods[j].CreationTimestamp.Time)
	})
	return o, nil
}
