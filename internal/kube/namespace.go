package kube

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// EnsureNamespace makes namespace name with labels if it is missing, and
// says whether it made it. A namespace there already, or one it may not
// look at (creating objects in it will tell), is left as it is; one that
// another run made meanwhile is no error.
func EnsureNamespace(ctx context.Context, c kubernetes.Interface, name string, labels map[string]string) (created bool, err error) {
	nss := c.CoreV1().Namespaces()
	_, err = nss.Get(ctx, name, metav1.GetOptions{})
	if err == nil || !IsNotFound(err) {
		return false, nil
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	if _, err := nss.Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		if IsAlreadyExists(err) {
			return false, nil
		}
		return false, Explain(err)
	}
	return true, nil
}
