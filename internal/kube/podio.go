package kube

import (
	"bufio"
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// FollowLog reads a container's log as it grows, like `kubectl logs -f`,
// and hands each line to line until it returns true (done) or the log
// ends (done false).
func FollowLog(ctx context.Context, client kubernetes.Interface, ns, pod, container string, line func(string) bool) (done bool, err error) {
	opts := &corev1.PodLogOptions{Container: container, Follow: true}
	stream, err := client.CoreV1().Pods(ns).GetLogs(pod, opts).Stream(ctx)
	if err != nil {
		return false, Explain(err)
	}
	defer stream.Close()
	sc := bufio.NewScanner(stream)
	for sc.Scan() {
		if line(sc.Text()) {
			return true, nil
		}
	}
	return false, ctx.Err()
}

// MergePatch applies a JSON merge patch to an object of one of Kinds, like
// `kubectl patch KIND NAME -p PATCH`.
func MergePatch(ctx context.Context, c kubernetes.Interface, ns, kind, name string, patch []byte) error {
	var err error
	switch kind {
	case "Pod":
		_, err = c.CoreV1().Pods(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	case "Service":
		_, err = c.CoreV1().Services(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	case "ConfigMap":
		_, err = c.CoreV1().ConfigMaps(ns).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
	default:
		return fmt.Errorf("kpod does not handle kind %s", kind)
	}
	return Explain(err)
}
