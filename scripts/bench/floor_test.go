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

var testCluster = Cluster{DNSNegativeTTL: 30 * time.Second, SyncFrequency: time.Minute}

func floorOf(t *testing.T, name string, v lessons.Values) Floor {
	t.Helper()
	f, err := LessonFloor(lesson(t, name), v, testCluster)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The floors follow from examples/*.yaml: these tests pin the arithmetic
// for today's manifests and say which numbers they come from.
func TestLessonFloors(t *testing.T) {
	for _, c := range []struct {
		lesson string
		v      lessons.Values
		want   time.Duration
		parts  []string
	}{
		// nginx Pods only: they stop at SIGTERM, nothing to wait for.
		{"run", nil, 0, nil},
		// liveness-http.yaml: failureThreshold 2, period 2s → 1×2 + 1 = 3s;
		// nginx stops on SIGTERM, so no grace wait. readiness-http.yaml:
		// Ready, then not Ready and Ready again after the lesson's two mv
		// (period 1s → 0.5s each). startup-exec.yaml: the app's sleep 5 +
		// period 1s / 2; its liveness probe is never broken. Cleanup: 1s
		// (startup-slow's PID 1 is a shell).
		{"probe", nil, 11 * time.Second, []string{"liveness", "readiness", "not Ready", "Ready again", "startup", "cleanup"}},
		// liveness-exec.yaml: the same 3s, plus grace 2s (sh as PID 1), then
		// the same readiness and startup parts; cleanup 1s for the shells.
		{"probe", lessons.Values{"mechanism": "exec"}, 13 * time.Second, []string{"liveness", "kill", "readiness", "not Ready", "Ready again", "startup", "cleanup"}},
		{"probe", lessons.Values{"mechanism": "tcp"}, 13 * time.Second, []string{"liveness", "kill", "readiness", "not Ready", "Ready again", "startup", "cleanup"}},
		// init-myapp.yaml: myservice is looked up before it exists: 30s + 2s/2;
		// mydb may be made before its lookup (0); init-fail.yaml's init
		// container fails twice, then its 10s back-off shows at the sync
		// after it (× 1.25); cleanup 1s (the app container is a shell);
		// myapp-fail's containers never run.
		{"init", nil, 44500 * time.Millisecond, []string{"service/myservice", "service/mydb", "myapp-fail Init:CrashLoopBackOff", "cleanup"}},
		// static-web.yaml: the next periodic sync (1m + a mean jitter of
		// 15s); its nginx stops at once.
		{"static", nil, 75 * time.Second, []string{"mirror of static-web"}},
		// pod-adapter.yaml: readiness period 1s → 0.5s; its shells: 1s cleanup.
		{"patterns", lessons.Values{"pattern": "adapter"}, 1500 * time.Millisecond, []string{"readiness", "cleanup"}},
		// pod-ambassador.yaml is deleted on the way (1s, a shell) and made again.
		{"patterns", lessons.Values{"pattern": "ambassador"}, 2 * time.Second, []string{"delete pod/ambassador", "cleanup"}},
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

func TestFloorFollowsTheCluster(t *testing.T) {
	slow := Cluster{DNSNegativeTTL: 5 * time.Second, SyncFrequency: 10 * time.Second}
	f, err := LessonFloor(lesson(t, "init"), nil, slow)
	if err != nil {
		t.Fatal(err)
	}
	if want := 5*time.Second + time.Second + requeued(crashLoopBackOff) + time.Second; f.Total() != want {
		t.Errorf("init with a 5s negative cache: %s, want %s (%s)", f.Total(), want, f)
	}
	f, err = LessonFloor(lesson(t, "static"), nil, slow)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total() != 12500*time.Millisecond {
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
