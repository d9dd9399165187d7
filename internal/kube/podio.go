package kube

import (
	"bufio"
	"context"

	corev1 "k8s.io/api/core/v1"
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
