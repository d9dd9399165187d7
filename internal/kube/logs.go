package kube

import (
	"bufio"
	"context"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
)

// FollowLog follows a container's log, like `kubectl logs -f`, until a
// line containing want appears or the log ends. It returns the lines read
// and whether want was among them; an error only when the log could not
// be opened.
func FollowLog(ctx context.Context, c kubernetes.Interface, ns, pod, container, want string) ([]string, bool, error) {
	stream, err := c.CoreV1().Pods(ns).GetLogs(pod, &corev1.PodLogOptions{Container: container, Follow: true}).Stream(ctx)
	if err != nil {
		return nil, false, err
	}
	defer stream.Close()
	var lines []string
	sc := bufio.NewScanner(stream)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), want) {
			return lines, true, nil
		}
	}
	return lines, false, nil
}
