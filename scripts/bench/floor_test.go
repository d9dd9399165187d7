package main

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
)

func lesson(t *testing.T, name string) *lessons.Lesson {
	t.Helper()
	for _, l := range all.Lessons {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no lesson %s", name)
	return nil
}

// testCluster's Pod start-up, 2 s, is what the class section measured for
// a solo `kubectl run` → ✓ on the test cluster (1.8 s), rounded.
var testCluster = Cluster{DNSNegativeTTL: 30 * time.Second, SyncFrequency: time.Minute, PodStartup: 2 * time.Second}

func floorOf(t *testing.T, name string, v lessons.Values) Floor {
	t.Helper()
	f, err := LessonFloor(lesson(t, name), v, testCluster)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The floors follow from examples/*.yaml and the lessons' steps: these
// tests pin the arithmetic for today's manifests and say which numbers
// they come from. Each wave of Pods the lesson creates together costs one
// Pod start-up (2 s here) where the lesson first waits for one of them;
// what runs meanwhile is not counted again.
func TestLessonFloors(t *testing.T) {
	for _, c := range []struct {
		lesson string
		v      lessons.Values
		want   time.Duration
		parts  []string
	}{
		// Three waves of one Pod each: kubectl run, create -f, the client's
		// kubectl run --rm; nginx Pods stop at SIGTERM, no cleanup wait.
		{"run", nil, 6 * time.Second, []string{"webserver started (wave 1", "nginx-pod started (wave 2", "client started (wave 3"}},
		// One wave of four Pods: a start-up. liveness-http.yaml:
		// failureThreshold 2, period 2s → 1×2 + 1 = 3s; nginx stops on
		// SIGTERM, so no grace wait. readiness-http.yaml: its first Ready
		// comes during the rest; not Ready and Ready again after the
		// lesson's two mv (period 1s → 0.5s each). startup-exec.yaml (the
		// app's sleep 5 + period 1s / 2, from the wave's start) is 1.5s
		// from done when the lesson gets to it (2 + 3 + 0.5 + 0.5 = 6 of
		// 7.5). The cleanup at the end does not wait.
		{"probe", nil, 7500 * time.Millisecond, []string{"liveness-defaults started (wave 1", "liveness", "not Ready", "Ready again", "startup-slow started"}},
		// liveness-exec.yaml: the same 3s, plus grace 2s (sh as PID 1); by
		// then startup-slow has started (2 + 3 + 2 + 1 > 7.5).
		{"probe", lessons.Values{"mechanism": "exec"}, 8 * time.Second, []string{"started (wave 1", "liveness", "kill", "not Ready", "Ready again"}},
		{"probe", lessons.Values{"mechanism": "tcp"}, 8 * time.Second, []string{"started (wave 1", "liveness", "kill", "not Ready", "Ready again"}},
		// init-myapp.yaml and init-fail.yaml: a wave each. myservice is looked
		// up before it exists: 30s + 2s/2; mydb may be made before its
		// lookup (0); init-fail.yaml's init container fails twice, then
		// its 10s back-off shows at the sync after it (× 1.25).
		{"init", nil, 47500 * time.Millisecond, []string{"myapp-pod started (wave 1", "myapp-fail started (wave 2", "service/myservice", "service/mydb", "myapp-fail Init:CrashLoopBackOff"}},
		// static-web.yaml: its start-up, then the next periodic sync (1m +
		// a mean jitter of 15s), then the new mirror's status at the status
		// manager's next full sync (10s, 5s on average).
		{"static", nil, 82 * time.Second, []string{"static-web started (wave 1", "mirror of static-web re-created", "mirror of static-web given its status"}},
		// One wave of five Pods, waited for from the first: one start-up.
		// too-big never starts, oom-demo's kill is the kernel's and not a
		// fixed wait.
		{"resources", nil, 2 * time.Second, []string{"nginx-resources started (wave 1"}},
		// The wave of all the patterns' Pods, the visitor and the scraper
		// (kubectl run --rm), pod-ambassador.yaml deleted on the way (a
		// shell: the kubelet's 2 s kill window, deletion unmeasured) and
		// made again (a wave of its own).
		{"patterns", nil, 10 * time.Second, []string{"sidecar started (wave 1", "visitor started (wave 2", "scraper started (wave 3", "delete pod/ambassador", "ambassador started (wave 4"}},
		// pod-adapter.yaml: start-up + readiness period 1s / 2; the scraper.
		{"patterns", lessons.Values{"pattern": "adapter"}, 4500 * time.Millisecond, []string{"adapter started (wave 1", "scraper started (wave 2"}},
		// The backends, the ConfigMap and the ambassador in one wave; the
		// ambassador deleted (2s) and made again.
		{"patterns", lessons.Values{"pattern": "ambassador"}, 6 * time.Second, []string{"started (wave 1", "delete pod/ambassador", "ambassador started (wave 2"}},
	} {
		f := floorOf(t, c.lesson, c.v)
		if f.Total() != c.want {
			t.Errorf("%s %v: floor %s, want %s (%s)", c.lesson, c.v, f.Total(), c.want, f)
		}
		if len(f) != len(c.parts) {
			t.Errorf("%s %v: parts %s, want %v", c.lesson, c.v, f, c.parts)
			continue
		}
		for i, p := range c.parts {
			if !strings.Contains(f[i].What, p) {
				t.Errorf("%s %v: part %d is %q, want one about %q", c.lesson, c.v, i, f[i].What, p)
			}
		}
	}
}

// Waves: Pods created together cost one start-up; a Pod created after a
// wait is a wave of its own; a slow start overlaps the waits before the
// lesson needs it and counts only for what is left.
func TestWaves(t *testing.T) {
	shell := func(name string, do ...lessons.Action) *lessons.Lesson {
		return &lessons.Lesson{Name: name, Steps: func(lessons.Values) []lessons.Step { return []lessons.Step{{Key: "s", Do: do}} }}
	}
	for _, c := range []struct {
		l    *lessons.Lesson
		want time.Duration
	}{
		// pod-qos.yaml's two Pods and pod-oom.yaml together: one start-up.
		{shell("one", lessons.Create("pod-qos.yaml"), lessons.Create("pod-oom.yaml"),
			lessons.WaitAll(lessons.Ready, "qos-guaranteed", "qos-besteffort", "oom-demo")), 2 * time.Second},
		// The same Pods, the OOM one created after the others were waited
		// for: two start-ups.
		{shell("two", lessons.Create("pod-qos.yaml"), lessons.WaitAll(lessons.Ready, "qos-guaranteed", "qos-besteffort"),
			lessons.Create("pod-oom.yaml"), lessons.Wait("oom-demo", lessons.Ready)), 4 * time.Second},
		// startup-slow (2 + 5.5) made with liveness-exec (2), whose break
		// costs 3 + 2: 7s of 7.5 are gone when the lesson waits for
		// startup-slow, 0.5s is left.
		{shell("overlap", lessons.Create("startup-exec.yaml"), lessons.Create("liveness-exec.yaml"), lessons.Wait("liveness-exec", lessons.Ready),
			lessons.Exec("liveness-exec", "", "rm", "/tmp/healthy"), lessons.Wait("startup-slow", lessons.Ready)), 7500 * time.Millisecond},
		// The same, one after the other: the whole of each.
		{shell("apart", lessons.Create("startup-exec.yaml"), lessons.Wait("startup-slow", lessons.Ready),
			lessons.Create("liveness-exec.yaml"), lessons.Wait("liveness-exec", lessons.Ready),
			lessons.Exec("liveness-exec", "", "rm", "/tmp/healthy")), 14500 * time.Millisecond},
	} {
		f, err := LessonFloor(c.l, nil, testCluster)
		if err != nil {
			t.Fatal(err)
		}
		if f.Total() != c.want {
			t.Errorf("%s: floor %s, want %s (%s)", c.l.Name, f.Total(), c.want, f)
		}
	}
	// Unmeasured, a start-up counts 0: the fixed waits alone, with what is
	// left of startup-slow's 5.5s after liveness 3s and the flips 0.5s + 0.5s.
	f, err := LessonFloor(lesson(t, "probe"), nil, Cluster{PodStartup: 0})
	if err != nil {
		t.Fatal(err)
	}
	if want := 3*time.Second + time.Second + 1500*time.Millisecond; f.Total() != want {
		t.Errorf("probe without a start-up: %s, want %s (%s)", f.Total(), want, f)
	}
}

func TestFloorFollowsTheCluster(t *testing.T) {
	slow := Cluster{DNSNegativeTTL: 5 * time.Second, SyncFrequency: 10 * time.Second, PodStartup: 4 * time.Second}
	f, err := LessonFloor(lesson(t, "init"), nil, slow)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2*slow.PodStartup + 5*time.Second + time.Second + requeued(crashLoopBackOff); f.Total() != want {
		t.Errorf("init with a 5s negative cache: %s, want %s (%s)", f.Total(), want, f)
	}
	f, err = LessonFloor(lesson(t, "static"), nil, slow)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total() != slow.PodStartup+12500*time.Millisecond+statusSync/2 {
		t.Errorf("static with syncFrequency 10s: %s (%s)", f.Total(), f)
	}
}

func TestEveryLessonHasAFloor(t *testing.T) {
	for _, l := range all.Lessons {
		for _, v := range variants(l) {
			if _, err := LessonFloor(l, v, testCluster); err != nil {
				t.Errorf("%s: %v", lessonName(l, v), err)
			}
		}
	}
}

func TestNegativeTTL(t *testing.T) {
	for _, c := range []struct {
		corefile string
		want     time.Duration
	}{
		{".:53 {\n kubernetes cluster.local in-addr.arpa ip6.arpa {\n   pods insecure\n   ttl 30\n }\n cache 30\n}", 30 * time.Second},
		{".:53 {\n kubernetes cluster.local {\n   ttl 30\n }\n cache 10\n}", 10 * time.Second},
		{".:53 {\n kubernetes cluster.local {\n   pods insecure\n }\n cache 30\n}", 5 * time.Second},
		{".:53 {\n kubernetes cluster.local\n cache\n}", 5 * time.Second},
		{".:53 {\n kubernetes cluster.local {\n   ttl 60\n }\n cache {\n   success 100\n }\n}", 60 * time.Second},
		{".:53 {\n kubernetes cluster.local {\n   ttl 30\n }\n}", 0},
	} {
		if got := NegativeTTL(c.corefile); got != c.want {
			t.Errorf("NegativeTTL(%q) = %s, want %s", c.corefile, got, c.want)
		}
	}
}

func TestStats(t *testing.T) {
	s := Sample{5, 1, 4, 2, 3}
	if s.Median() != 3 || s.Min() != 1 || s.Max() != 5 {
		t.Errorf("median/min/max of %v: %v %v %v", s, s.Median(), s.Min(), s.Max())
	}
	if m := (Sample{4, 1, 3, 2}).Median(); m != 2.5 {
		t.Errorf("even median %v", m)
	}
	if !math.IsNaN(Sample{}.Median()) || !math.IsNaN(Sample{}.Percentile(95)) {
		t.Error("an empty sample has no median or percentile")
	}
	var hundred Sample
	for i := 100; i >= 1; i-- {
		hundred = append(hundred, float64(i))
	}
	for p, want := range map[float64]float64{50: 50, 95: 95, 99: 99, 100: 100, 1: 1} {
		if got := hundred.Percentile(p); got != want {
			t.Errorf("p%v of 1..100 = %v, want %v", p, got, want)
		}
	}
	if got := (Sample{10, 20}).Percentile(95); got != 20 {
		t.Errorf("p95 of two = %v", got)
	}
	if got := (Sample{12, 10, 11}).Summary(ms); got != "11 ms (10–12 ms, n=3)" {
		t.Errorf("summary %q", got)
	}
	if got := (Sample{1.25}).Summary(secs); got != "1.2 s (n=1)" {
		t.Errorf("summary of one %q", got)
	}
	if Ratio(1, 4) != "0.25×" || Ratio(1, 0) != "-" || Ratio(math.NaN(), 1) != "-" {
		t.Error("ratio")
	}
}

func TestTable(t *testing.T) {
	got := Table([]Row{{"start-up a|b", "1 ms", "2 ms", "0.50×", "≤ 0.5×", "yes"}})
	want := "| figure | kpod: median (range, runs) | reference | ratio | goal | met |\n" +
		"| --- | --- | --- | --- | --- | --- |\n" +
		"| start-up a\\|b | 1 ms | 2 ms | 0.50× | ≤ 0.5× | yes |\n"
	if got != want {
		t.Errorf("table\n%s\nwant\n%s", got, want)
	}
}

// Where a plain web Pod's measured deletion takes the kubelet's kill window
// (busybox httpd as PID 1 ignores SIGTERM, as on the test cluster), a
// liveness kill of a web container waits it too, and a delete the lesson
// waits for costs the measured deletion.
func TestFloorOfAMeasuredDeletion(t *testing.T) {
	c := testCluster
	c.PodDeletion = 3500 * time.Millisecond
	f, err := LessonFloor(lesson(t, "probe"), nil, c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.String(), "pod/liveness-http kill") {
		t.Errorf("probe: no kill of liveness-http counted: %s", f)
	}
	f, err = LessonFloor(lesson(t, "patterns"), lessons.Values{"pattern": "ambassador"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2*c.PodStartup + c.PodDeletion; f.Total() != want || !strings.Contains(f.String(), "measured") {
		t.Errorf("ambassador: %s, want %s with the measured deletion (%s)", f.Total(), want, f)
	}
}
