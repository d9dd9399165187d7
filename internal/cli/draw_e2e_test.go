//go:build e2e

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

var restartsRE = regexp.MustCompile(`restarts (\d+)`)

// kpod draw -w follows a real Pod: when the kubelet restarts its container,
// a new drawing comes with the restart count and exit code the cluster has.
func TestDrawRedrawsWhenAContainerRestarts(t *testing.T) {
	c := lessontest.Client(t)
	bin := lessontest.Binary(t) // built before the Pod starts crashing
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ns := lessontest.OwnNamespace(t, c, "draw")
	lessontest.CrashingPod(t, c, ns, "crash", "sleep 2; exit 3")
	cmd := exec.CommandContext(ctx, bin, "draw", "crash", "-n", ns, "-w", "-o", "json")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var first, restarted string
	firstN := -1
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec struct{ Lines []string }
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		d := strings.Join(rec.Lines, "\n")
		m := restartsRE.FindStringSubmatch(d)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if first == "" {
			first, firstN = d, n
		}
		if n > firstN {
			restarted = d
			break
		}
	}
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
	p, err := c.CoreV1().Pods(ns).Get(context.Background(), "crash", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if restarted == "" {
		t.Fatalf("no drawing with more restarts than the first; first drawing:\n%s\nthe cluster: %+v", first, p.Status.ContainerStatuses)
	}
	cs := p.Status.ContainerStatuses[0]
	last := cs.LastTerminationState.Terminated
	if cs.RestartCount < 1 || last == nil || last.ExitCode != 3 || !strings.Contains(restarted, fmt.Sprint(last.ExitCode)) ||
		!strings.Contains(restarted, p.Spec.NodeName) || !strings.Contains(restarted, p.Status.PodIP) {
		t.Errorf("drawing after the restart:\n%s\nthe cluster: restarts %d, last end %+v, node %s, IP %s", restarted, cs.RestartCount, last, p.Spec.NodeName, p.Status.PodIP)
	}
	if restarted == first {
		t.Errorf("the drawing did not change")
	}
}
