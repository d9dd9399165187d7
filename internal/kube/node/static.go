package node

import (
	"context"

	"path"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"

	corev1 "k8s.io/api/core/v1"
)

// StaticFileAnnotation is set in the manifests kpod writes into a kubelet's
// staticPodPath: the file's own path on the node. The kubelet copies it onto
// the mirror Pod, so `kpod clean` can find the file again.
const StaticFileAnnotation = "kpod.dev/static-pod-file"

// RemoveStaticPod stops a static Pod kpod wrote: through a helper Pod on its
// node (HelperPods) it removes the manifest named by the mirror Pod's StaticFileAnnotation,
// then waits until the kubelet has taken the mirror Pod away. It removes only
// a kpod-*.yaml file that names itself in that annotation, so a Pod cannot
// point it at any other file.
func RemoveStaticPod(ctx context.Context, c *kube.Clients, mirror *corev1.Pod, image string, labels map[string]string, timeout time.Duration) error {
	file, node := mirror.Annotations[StaticFileAnnotation], mirror.Spec.NodeName
	if !kpodManifest(file) {
		return words.Err("err.node.mirror", text.Facts{"Pod": mirror.Name, "Node": node})
	}
	if _, err := removeStatic(ctx, c, mirror.Namespace, node, file, image, labels, timeout); err != nil {
		return words.Err("err.node.mirror.remove", text.Facts{"Pod": mirror.Name, "File": file, "Node": node}).Because(err)
	}
	return kube.WaitGone(ctx, c.Client, mirror.Namespace, mirror.Name, timeout)
}

// RemoveStaticFile removes a static Pod manifest kpod wrote on node (one
// that names itself in StaticFileAnnotation) through a helper Pod in ns, and
// says whether it was there.
func RemoveStaticFile(ctx context.Context, c *kube.Clients, ns, node, file, image string, labels map[string]string, timeout time.Duration) (bool, error) {
	if !kpodManifest(file) {
		return false, words.Err("err.node.staticfile", text.Facts{"File": file, "Node": node})
	}
	removed, err := removeStatic(ctx, c, ns, node, file, image, labels, timeout)
	if err != nil {
		return false, words.Err("err.node.staticfile.remove", text.Facts{"File": file, "Node": node}).Because(err)
	}
	return removed, nil
}

func removeStatic(ctx context.Context, c *kube.Clients, ns, node, file, image string, labels map[string]string, timeout time.Duration) (bool, error) {
	h := &HelperPods{Client: c.Client, Exec: c.Exec, Namespace: ns, Image: image, Labels: labels, Timeout: timeout}
	defer func() { _ = h.Close(context.WithoutCancel(ctx)) }()
	return RemoveFile(ctx, h, node, file, StaticFileAnnotation+": "+file)
}

// kpodManifest reports whether file is a path kpod writes static Pods to.
func kpodManifest(file string) bool {
	return file != "" && path.IsAbs(file) && strings.HasPrefix(path.Base(file), "kpod-") && strings.HasSuffix(file, ".yaml") && path.Clean(file) == file
}

// RemoveFile removes file on node if it is there and holds mark, and says
// whether it did. A file without mark is left alone, and that is an error.
func RemoveFile(ctx context.Context, a Access, node, file, mark string) (bool, error) {
	q := shellescape.Quote(file)
	out, err := a.Run(ctx, node, "if [ -e "+q+" ]; then grep -qF "+shellescape.Quote(mark)+" "+q+" && rm "+q+" && echo removed; fi")
	if err != nil {
		return false, words.Err("err.node.removefile", text.Facts{"File": file}).Because(err)
	}
	return strings.TrimSpace(out) == "removed", nil
}
