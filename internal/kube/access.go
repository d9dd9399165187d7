package kube

import (
	"context"
	"fmt"
	"strings"

	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Access is one thing a user may or may not do: a verb on a resource
// (with its API group and subresource), in a namespace ("" for
// cluster-wide).
type Access struct {
	Verb, Resource, Subresource, Namespace string
	Group                                  string // "" for the core group
}

// LessonAccess is what the lessons do in their namespace: doctor asks for
// all of it, class grants it, and a node lesson's preflight asks for the
// part its helper Pod needs (HelperPodAccess). Namespace is left empty.
var LessonAccess = []Access{
	{Verb: "create", Resource: "pods"}, {Verb: "delete", Resource: "pods"}, {Verb: "get", Resource: "pods"},
	{Verb: "list", Resource: "pods"}, {Verb: "watch", Resource: "pods"},
	{Verb: "create", Resource: "pods", Subresource: "exec"}, {Verb: "get", Resource: "pods", Subresource: "log"},
	{Verb: "create", Resource: "services"}, {Verb: "delete", Resource: "services"}, {Verb: "get", Resource: "services"}, {Verb: "list", Resource: "services"},
	{Verb: "create", Resource: "configmaps"}, {Verb: "delete", Resource: "configmaps"}, {Verb: "get", Resource: "configmaps"}, {Verb: "list", Resource: "configmaps"},
	{Verb: "list", Resource: "events"}, {Verb: "watch", Resource: "events"},
	{Verb: "list", Resource: "endpointslices", Group: "discovery.k8s.io"}, {Verb: "watch", Resource: "endpointslices", Group: "discovery.k8s.io"},
	{Verb: "get", Resource: "leases", Group: "coordination.k8s.io"}, {Verb: "create", Resource: "leases", Group: "coordination.k8s.io"},
	{Verb: "update", Resource: "leases", Group: "coordination.k8s.io"}, {Verb: "delete", Resource: "leases", Group: "coordination.k8s.io"},
}

// HelperPodAccess returns the part of LessonAccess that a node lesson's
// privileged helper Pod needs, in namespace ns.
func HelperPodAccess(ns string) []Access {
	var out []Access
	for _, want := range []string{"create pods", "create pods/exec", "delete pods"} {
		for _, a := range LessonAccess {
			if a.Group == "" && a.String() == want {
				a.Namespace = ns
				out = append(out, a)
			}
		}
	}
	return out
}

// InNamespace returns a copy of as with Namespace set to ns.
func InNamespace(as []Access, ns string) []Access {
	out := make([]Access, len(as))
	for i, a := range as {
		a.Namespace = ns
		out[i] = a
	}
	return out
}

// String returns the access as `kubectl auth can-i` takes it.
func (a Access) String() string {
	r := a.Resource
	if a.Subresource != "" {
		r += "/" + a.Subresource
	}
	if a.Namespace == "" {
		return a.Verb + " " + r
	}
	return a.Verb + " " + r + " -n " + a.Namespace
}

// Denied asks the API server (SelfSubjectAccessReview, like `kubectl auth
// can-i`) about each access and returns those it does not allow.
func Denied(ctx context.Context, c kubernetes.Interface, want []Access) ([]Access, error) {
	var out []Access
	for _, a := range want {
		r, err := c.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authv1.SelfSubjectAccessReview{
			Spec: authv1.SelfSubjectAccessReviewSpec{ResourceAttributes: &authv1.ResourceAttributes{
				Namespace: a.Namespace, Verb: a.Verb, Group: a.Group, Resource: a.Resource, Subresource: a.Subresource}},
		}, metav1.CreateOptions{})
		if err != nil {
			return nil, fmt.Errorf("asking the API server what you may do: %w", Explain(err))
		}
		if !r.Status.Allowed {
			out = append(out, a)
		}
	}
	return out, nil
}

// AccessList joins accesses for a message.
func AccessList(as []Access) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = "`" + a.String() + "`"
	}
	return strings.Join(s, ", ")
}

// Pod Security admission's label on a namespace.
const PodSecurityEnforce = "pod-security.kubernetes.io/enforce"

// PodSecurityLevel returns the Pod Security level a namespace enforces
// ("privileged" when it sets none).
func PodSecurityLevel(ns *corev1.Namespace) string {
	if l := ns.Labels[PodSecurityEnforce]; l != "" {
		return l
	}
	return "privileged"
}
