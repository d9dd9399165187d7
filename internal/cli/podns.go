package cli

import (
	"context"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/text"
)

// lessonNamespace is where the lessons work unless -n says otherwise.
const lessonNamespace = "kpod"

// podNamespaces are where why and watch look for a Pod, in order: -n
// alone if given; else the lessons' namespace, practice's (a class
// student's own for both), then the kubeconfig context's.
func (c *clusterAccess) podNamespaces() []string {
	if ns := c.namespace(""); ns != "" {
		return []string{ns}
	}
	current, _, err := c.Flags.ToRawKubeConfigLoader().Namespace() // the kubeconfig context's, like kubectl
	if err != nil || current == "" {
		current = "default"
	}
	var out []string
	for _, ns := range []string{c.workNamespace(lessonNamespace), c.workNamespace(practice.DefaultNamespace), current} {
		if !slices.Contains(out, ns) {
			out = append(out, ns)
		}
	}
	return out
}

// PodTarget is the Pod that draw, why and watch read, and where they look
// for it, by kpod's one namespace rule (podNamespaces). Their Options embed
// it, with its Complete.
type PodTarget struct {
	cluster *clusterAccess

	Pod        string
	Namespaces []string // where to look, in order
}

// Complete takes the Pod's name (cobra checked there is one) and settles
// where to look.
func (t *PodTarget) Complete(args []string) error {
	t.Pod = args[0]
	t.Namespaces = t.cluster.podNamespaces()
	return nil
}

// find connects and gets the Pod from the first namespace that has it.
func (t *PodTarget) find(ctx context.Context) (*kube.Clients, *corev1.Pod, error) {
	c, err := t.cluster.connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	pod, err := t.get(ctx, c.Client)
	return c, pod, err
}

// get gets the Pod from the first namespace that has it; when none has it,
// the error names where it looked and how to say where.
func (t *PodTarget) get(ctx context.Context, client kubernetes.Interface) (*corev1.Pod, error) {
	name, namespaces := t.Pod, t.Namespaces
	for _, ns := range namespaces {
		pod, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if kube.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, kube.Explain(err)
		}
		return pod, nil
	}
	return nil, words.Err("err.cli.nopod.looked", text.Facts{"Pod": name, "Namespaces": strings.Join(namespaces, ", "), "Many": len(namespaces) > 1})
}
