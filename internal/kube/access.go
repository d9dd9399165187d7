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
// (with its subresource), in a namespace ("" for cluster-wide).
type Access struct {
	Verb, Resource, Subresource, Namespace string
}

// String is the access as `kubectl auth can-i` takes it.
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
				Namespace: a.Namespace, Verb: a.Verb, Resource: a.Resource, Subresource: a.Subresource}},
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

// PodSecurityLevel is the Pod Security level a namespace enforces
// ("privileged" when it sets none).
func PodSecurityLevel(ns *corev1.Namespace) string {
	if l := ns.Labels[PodSecurityEnforce]; l != "" {
		return l
	}
	return "privileged"
}
