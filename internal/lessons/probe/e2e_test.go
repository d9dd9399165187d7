//go:build e2e

package probe_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func TestProbeOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	for _, m := range []struct{ mechanism, pod, container string }{
		{"http", "liveness-http", "web"},
		{"tcp", "liveness-tcp", "server"},
		{"exec", "liveness-exec", "app"},
	} {
		t.Run(m.mechanism, func(t *testing.T) {
			rec := lessontest.Record(t, c, lessontest.Namespace)
			slices := recordSlices(t, c, "readiness-web")
			start := time.Now()
			r := lessontest.Lesson(t, "probe", "--mechanism", m.mechanism, "--keep")
			t.Logf("kpod probe --mechanism %s took %s", m.mechanism, time.Since(start).Round(100*time.Millisecond))

			// The four Pods were made before the first was Ready.
			rec.Together(t, "liveness-defaults", m.pod, "readiness-web", "startup-slow")

			// The API server filled in the defaults of the probe that left them unset.
			defaults, _ := rec.Last("liveness-defaults")
			if len(defaults) == 0 || defaults[0].Spec.Containers[0].LivenessProbe == nil {
				t.Fatal("pod/liveness-defaults was never seen with a livenessProbe")
			}
			d := defaults[0].Spec.Containers[0].LivenessProbe
			stored := map[string]int32{"periodSeconds": d.PeriodSeconds, "initialDelaySeconds": d.InitialDelaySeconds,
				"timeoutSeconds": d.TimeoutSeconds, "successThreshold": d.SuccessThreshold, "failureThreshold": d.FailureThreshold}
			want := map[string]int32{"periodSeconds": 10, "initialDelaySeconds": 0, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}
			for k, v := range want {
				if stored[k] != v {
					t.Errorf("stored %s = %d, want the default %d", k, stored[k], v)
				}
				if f, _ := r.Fact("defaults." + k).(float64); int32(f) != stored[k] {
					t.Errorf("kpod showed %s = %v, the cluster stored %d", k, r.Fact("defaults."+k), stored[k])
				}
			}

			versions, uid := rec.Last(m.pod)
			if len(versions) == 0 {
				t.Fatalf("pod/%s was never seen", m.pod)
			}
			var sawZero, restarted, lastState, readyAgain bool
			for _, p := range versions {
				cs := kube.ContainerStatus(p, m.container)
				if cs == nil {
					continue
				}
				sawZero = sawZero || cs.RestartCount == 0 && cs.State.Running != nil
				restarted = restarted || cs.RestartCount >= 1
				lastState = lastState || cs.LastTerminationState.Terminated != nil
				readyAgain = readyAgain || cs.RestartCount >= 1 && cs.Ready && cs.State.Running != nil && lessontest.Running(p)
			}
			if !sawZero || !restarted {
				t.Errorf("restartCount did not go from 0 to 1 or more (saw 0: %v, restarted: %v)", sawZero, restarted)
			}
			if !lastState {
				t.Error("lastState.terminated was never set")
			}
			if !readyAgain {
				t.Error("the Pod was never Ready again after the restart")
			}
			checkPictures(t, r, versions, m.pod, m.container)
			unhealthy := rec.EventsFor(m.pod, uid, "Unhealthy", "Liveness probe failed")
			killing := rec.EventsFor(m.pod, uid, "Killing", "failed liveness probe")
			if len(unhealthy) == 0 || len(killing) == 0 {
				t.Fatalf("want Unhealthy (Liveness) and Killing events, got %d and %d", len(unhealthy), len(killing))
			}
			if n := kube.EventCount(unhealthy[len(unhealthy)-1]); n < 2 {
				t.Errorf("Unhealthy counted %d failures, the probe's failureThreshold is 2", n)
			}
			// The kubelet gave up about failureThreshold × periodSeconds after
			// the break (2 to 5s here), give or take: allow a busy shared node 5s more.
			broke, err := time.Parse(time.RFC3339Nano, r.Fact("broke.at").(string))
			if err != nil {
				t.Fatalf("broke.at: %v", err)
			}
			if took := kube.EventLast(killing[0]).Sub(broke); took < time.Second || took > 10*time.Second {
				t.Errorf("Killing came %s after the break, predicted 2s to 5s", took)
			}
			// After the restart the container is healthy again, because what was
			// broken is back: the test's own look inside (kpod kept the Pod).
			check := map[string][]string{
				"http": {"wget", "-q", "-O", "/dev/null", "http://127.0.0.1:80/index.html"},
				"tcp":  {"nc", "-w", "1", "127.0.0.1", "8080"},
				"exec": {"cat", "/tmp/healthy"},
			}[m.mechanism]
			lessontest.Exec(t, c, m.pod, m.container, check...)
			checkOtherProbes(t, c, rec, slices, r, m.pod, m.container)
			if out := lessontest.Kpod(t, "clean", "-n", lessontest.Namespace); out.Code != 0 {
				t.Errorf("kpod clean: %d\n%s%s", out.Code, out.Stdout, out.Stderr)
			}
			lessontest.NothingLeft(t, c, lessontest.Namespace)
		})
	}
}

// checkPictures: the break step's drawing and lifelines say what the
// cluster's own Pod said: the container restarted (as many times as its
// restartCount at most), its last run ended, and it started again.
func checkPictures(t *testing.T, r lessontest.Result, versions []*corev1.Pod, pod, container string) {
	t.Helper()
	var most int32
	for _, p := range versions {
		if cs := kube.ContainerStatus(p, container); cs != nil {
			most = max(most, cs.RestartCount)
		}
	}
	var drawing, lifelines string
	for _, o := range r.Of("output") {
		s, _ := o["text"].(string)
		switch {
		case strings.HasPrefix(s, "pod/"+pod+" ") && strings.Contains(s, "▶"): // in any language
			lifelines = s
		case strings.Contains(s, "╭─ pod/"+pod+" "):
			drawing = s
		}
	}
	restarts := 0
	for n := int32(1); n <= most; n++ {
		if strings.Contains(drawing, fmt.Sprintf("restarts %d", n)) || strings.Contains(drawing, fmt.Sprintf("재시작 %d번", n)) {
			restarts = int(n)
		}
	}
	if restarts == 0 || !strings.Contains(drawing, "last exit") && !strings.Contains(drawing, "마지막 종료 코드") {
		t.Errorf("the drawing of pod/%s shows no restart (1 to %d, the cluster's) and last exit:\n%s", pod, most, drawing)
	}
	var line string
	for _, l := range strings.Split(lifelines, "\n") {
		if strings.HasPrefix(l, container+" ") {
			line = l
		}
	}
	if n := strings.Count(line, "↻"); n < 1 || n > int(most) || !strings.Contains(line, "■") || !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(line, container)), "▶") {
		t.Errorf("the lifeline of %s: want ▶ then ■ and 1 to %d ↻ (the cluster's restartCount):\n%s", container, most, lifelines)
	}
}
