package kube

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// StaticFileAnnotation is set in the manifests kpod writes into a kubelet's
// staticPodPath: the file's own path on the node. The kubelet copies it onto
// the mirror Pod, so `kpod clean` can find the file again.
const StaticFileAnnotation = "kpod.dev/static-pod-file"

// IsMirror reports whether p is a mirror Pod: the API's copy of a static Pod
// that a kubelet runs from a file. Deleting it through the API does not stop
// that Pod; the kubelet publishes the mirror again.
func IsMirror(p *corev1.Pod) bool {
	_, ok := p.Annotations[corev1.MirrorPodAnnotationKey]
	return ok
}

// RemoveStaticPod stops a static Pod kpod wrote: through a helper Pod on its
// node it removes the manifest named by the mirror Pod's StaticFileAnnotation,
// then waits until the kubelet has taken the mirror Pod away. It removes only
// a kpod-*.yaml file that names itself in that annotation, so a Pod cannot
// point it at any other file.
func RemoveStaticPod(ctx context.Context, c *Clients, mirror *corev1.Pod, image string, labels map[string]string, timeout time.Duration) error {
	file, node := mirror.Annotations[StaticFileAnnotation], mirror.Spec.NodeName
	if file == "" || !path.IsAbs(file) || !strings.HasPrefix(path.Base(file), "kpod-") || !strings.HasSuffix(file, ".yaml") || path.Clean(file) != file {
		return fmt.Errorf("pod/%s is the mirror of a static Pod on node %s: deleting it through the API would not stop it; remove its manifest from that node's staticPodPath", mirror.Name, node)
	}
	h := &NodeHelper{Client: c.Client, Exec: c.Exec, Namespace: mirror.Namespace, Node: node, Image: image, Labels: labels}
	if err := Delete(ctx, c.Client, h.Namespace, "Pod", h.Name(), timeout); err != nil {
		return err
	}
	if err := h.Create(ctx); err != nil {
		return fmt.Errorf("removing %s from node %s: %w", file, node, err)
	}
	defer func() { _ = Delete(context.WithoutCancel(ctx), c.Client, h.Namespace, "Pod", h.Name(), timeout) }()
	if _, err := WaitPod(ctx, c.Client, h.Namespace, h.Name(), timeout, func(p *corev1.Pod) (bool, error) {
		return p.Status.Phase == corev1.PodRunning, nil
	}); err != nil {
		return fmt.Errorf("node helper on %s: %w", node, err)
	}
	host := shellQuote(HostRoot + file)
	mark := shellQuote(StaticFileAnnotation + ": " + file)
	if _, err := h.Sh(ctx, "if [ -e "+host+" ]; then grep -qF "+mark+" "+host+" && rm "+host+"; fi"); err != nil {
		return fmt.Errorf("pod/%s: kpod did not remove %s on node %s (it does not name itself, or rm failed): %w", mirror.Name, file, node, err)
	}
	return WaitGone(ctx, c.Client, mirror.Namespace, mirror.Name, timeout)
}
