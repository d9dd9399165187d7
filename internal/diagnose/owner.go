package diagnose

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// NotCreated: a controller (a ReplicaSet, a Job) asks for a Pod and the API
// server refuses it: a ResourceQuota, a LimitRange, Pod Security.
const NotCreated = "not-created"

// Owner is what DiagnoseOwner reads: a Deployment, ReplicaSet or Job, the
// object that creates its Pods (the ReplicaSet of a Deployment, else
// itself) and that object's Events.
type Owner struct {
	Kind, Name, Namespace string // Deployment, web
	Creator               string // who creates the Pods: replicaset/web-5d9c, job/report
	Want, Have            int32  // Pods asked for, Pods there
	Events                []corev1.Event
}

// DiagnoseOwner says why an owner has fewer Pods than it asks for, from the
// creator's FailedCreate Events; refused is false when there is none (then
// the diagnosis says what kpod sees, and its Pods tell more).
func DiagnoseOwner(o Owner, sc text.Scene) (d Diagnosis, refused bool) {
	var ev *corev1.Event
	kind, name, _ := strings.Cut(o.Creator, "/")
	for i := range o.Events {
		e := &o.Events[i]
		if e.Reason != "FailedCreate" || !strings.EqualFold(e.InvolvedObject.Kind, kind) || e.InvolvedObject.Name != name {
			continue
		}
		if ev == nil || kube.EventLast(e).After(kube.EventLast(ev)) {
			ev = e
		}
	}
	object := strings.ToLower(o.Kind) + "/" + o.Name
	dg := &diag{scene: sc, pod: &corev1.Pod{}}
	dg.out = Diagnosis{Object: object, Namespace: o.Namespace, State: fmt.Sprintf("%d/%d Pods", o.Have, o.Want), Evidence: []Evidence{}, Hints: []string{}}
	dg.facts = Details{Namespace: orDefault(o.Namespace), State: dg.out.State, Owner: object, Creator: o.Creator}
	if ev == nil || o.Have >= o.Want { // what kpod sees, no cause
		dg.set(Unknown, "")
		dg.facts.Seen = fmt.Sprintf("%s: %s", object, dg.out.State)
		dg.out.Facts = dg.facts
		dg.render()
		dg.out.Container = ""
		return dg.out, false
	}
	msg := ev.Message
	if _, rest, cut := strings.Cut(msg, "is forbidden: "); cut {
		msg = rest
	}
	variant := "other"
	switch {
	case containsAny(msg, "exceeded quota", "failed quota"):
		variant = "quota"
	case strings.Contains(msg, "violates PodSecurity"):
		variant = "pod-security"
	case containsAny(msg, "per Container is", "per Pod is", "LimitRange"):
		variant = "limit-range"
	}
	dg.set(NotCreated, variant)
	dg.facts.Message = sentence(msg, 400)
	dg.out.Evidence = append(dg.out.Evidence, Evidence{Kind: "event", Reason: ev.Reason, Count: kube.EventCount(ev),
		Text: strings.TrimSpace(ev.Message), Command: dg.facts.kubectl("events", "--for", o.Creator)})
	dg.out.Facts = dg.facts
	dg.render()
	dg.out.Container = ""
	return dg.out, true
}
