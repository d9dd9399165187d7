//go:build e2e

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
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

// kpod watch on a Pod that crash-looped before it started: the history
// comes once, in time order, its crashes in one line that matches the
// cluster's restartCount and exit code, and no line says the crashing
// container is simply ready.
func TestWatchTellsTheHistoryOfACrashLoop(t *testing.T) {
	c := lessontest.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ns := lessontest.OwnNamespace(t, c, "watch")
	lessontest.CrashingPod(t, c, ns, "crash", "echo boom; sleep 1; exit 3")
	if _, err := kube.WaitPod(ctx, c, ns, "crash", 4*time.Minute, func(p *corev1.Pod) (bool, error) { return kube.Restarts(p) >= 2, nil }); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, lessontest.Binary(t), "watch", "crash", "-n", ns, "-o", "json")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	var summary map[string]any
	sc := bufio.NewScanner(out)
	for sc.Scan() { // the history comes first; its crash line is in it
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue
		}
		recs = append(recs, m)
		if m["reason"] == "Restarted" && strings.Contains(fmt.Sprint(m["text"]), "Before kpod watched") {
			summary = m
			break
		}
	}
	_ = cmd.Process.Signal(os.Interrupt)
	for sc.Scan() {
	}
	_ = cmd.Wait()
	p, err := c.CoreV1().Pods(ns).Get(context.Background(), "crash", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(recs)
	if summary == nil {
		t.Fatalf("no crash line in the history: %s", b)
	}
	last := p.Status.ContainerStatuses[0].LastTerminationState.Terminated
	if n := summary["count"].(float64); n < 2 || int32(n) > kube.Restarts(p) || last == nil || last.ExitCode != 3 || !strings.Contains(fmt.Sprint(summary["text"]), "exit code 3") {
		t.Errorf("crash line %v; the cluster: %d restarts, last end %+v", summary, kube.Restarts(p), last)
	}
	seen := map[string]bool{}
	prev := -1e9
	for _, m := range recs {
		if m["type"] != "event" {
			continue
		}
		if at := m["t"].(float64); at < prev {
			t.Errorf("history out of time order at %v: %s", m, b)
		} else {
			prev = at
		}
		key := fmt.Sprint(m["pod"], m["container"], m["reason"], m["text"])
		if seen[key] {
			t.Errorf("told twice: %v", m)
		}
		seen[key] = true
		if strings.Contains(fmt.Sprint(m["text"]), "Every container is running and ready") {
			t.Errorf("a crash-looping container told simply ready: %v", m)
		}
	}
}
