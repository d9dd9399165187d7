//go:build e2e

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// kpod watch --timeline, live on a Pod that crashes and restarts: when
// watching ends, the container's line shows it started, ended and was
// restarted as often as the cluster's restartCount says (at most).
func TestWatchTimelineOfRestarts(t *testing.T) {
	c := lessontest.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ns := lessontest.OwnNamespace(t, c, "lifeline")
	lessontest.CrashingPod(t, c, ns, "crash", "sleep 2; exit 3")
	cmd := exec.CommandContext(ctx, lessontest.Binary(t), "watch", "crash", "-n", ns, "-o", "json", "--timeline")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if _, err := kube.WaitPod(ctx, c, ns, "crash", 4*time.Minute, func(p *corev1.Pod) (bool, error) {
		return kube.Restarts(p) >= 1 && p.Status.ContainerStatuses[0].State.Running != nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second) // the watch tells the restart too
	_ = cmd.Process.Signal(os.Interrupt)
	var picture string
	for l := range lines {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["type"] == "output" {
			picture, _ = m["text"].(string)
		}
	}
	_ = cmd.Wait()
	p, err := c.CoreV1().Pods(ns).Get(context.Background(), "crash", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(picture, "\n") {
		if strings.HasPrefix(l, "app ") {
			line = strings.TrimSpace(strings.TrimPrefix(l, "app"))
		}
	}
	// piped: plain marks (> started, # ended, R restarted). Where one
	// status tells the end and the new start together, R stands for both.
	if n := strings.Count(line, "R"); !strings.HasPrefix(line, ">") || n < 1 || int32(n) > kube.Restarts(p) {
		t.Errorf("want > then 1 to %d R (the cluster's restartCount) on the app line:\n%s", kube.Restarts(p), picture)
	}
}
