package lessontest

import (
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

func TestParseClaim(t *testing.T) {
	for _, tc := range []struct {
		note string
		want string // "" for an error
	}{
		{"claim: Unhealthy@web#3 -> Killing@web in 0s..2s", "Unhealthy@web#3 -> Killing@web in 0s..2s"},
		{"claim: Terminating@static-web* -> Deleted@static-web* in ..90s", "Terminating@static-web* -> Deleted@static-web* in 0s.."},
		{"claim: Init:Error -> Init:CrashLoopBackOff", "Init:Error -> Init:CrashLoopBackOff in 0s.."},
		{"claim: example pod-multi.yaml has sleep 5", "examples/pod-multi.yaml has sleep 5"},
		{"claim: source k8s.io/kubernetes@v1.37.2/pkg/kubelet/kubelet.go has 600*time.Second", "k8s.io/kubernetes@v1.37.2/pkg/kubelet/kubelet.go has 600*time.Second"},
		{"claim: Killing", ""},
		{"claim: A -> B in 5s", ""},
		{"claim: A -> B in 5s..2s", ""},
		{"claim: A#0 -> B", ""},
		{"claim: source pkg/kubelet/kubelet.go has x", ""},
	} {
		c, ok, err := parseClaim(tc.note)
		if !ok {
			t.Fatalf("%q: not a claim", tc.note)
		}
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q: parsed, want an error", tc.note)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.note, err)
		}
		got := c.File + " has " + c.Has
		if c.File == "" {
			got = c.From.String() + " -> " + c.To.String() + " in " + c.Min.String() + ".."
			if c.Max != 0 {
				got += c.Max.String()
			}
		}
		if !strings.HasPrefix(got, strings.TrimSuffix(tc.want, "..")) && got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.note, got, tc.want)
		}
	}
	if _, ok, _ := parseClaim("a note"); ok {
		t.Error("a plain note parsed as a claim")
	}
}

func TestClaimCheck(t *testing.T) {
	line := func(s float64, reason, container string) report.Annotation {
		return report.Annotation{At: time.Duration(s * float64(time.Second)), Reason: reason, Pod: "web", Container: container}
	}
	c, _, err := parseClaim("claim: Error@init-config#2 -> Init:CrashLoopBackOff in 0s..16s")
	if err != nil {
		t.Fatal(err)
	}
	early := []report.Annotation{line(1, "Error", "init-config"), line(2, "Error", "init-config"), line(3, "Init:CrashLoopBackOff", "")}
	late := []report.Annotation{line(1, "Error", "init-config"), line(2, "Error", "init-config"), line(16, "Init:CrashLoopBackOff", "")}
	if err := c.check(early); err != nil {
		t.Errorf("1 s after: %v", err)
	}
	if err := c.check(late); err != nil {
		t.Errorf("14 s after: %v", err)
	}
	tooLate := []report.Annotation{line(1, "Error", "init-config"), line(2, "Error", "init-config"), line(20, "Init:CrashLoopBackOff", "")}
	if err := c.check(tooLate); err == nil {
		t.Error("18 s after passed a claim of 0..16 s")
	}
	once := []report.Annotation{line(1, "Error", "init-config"), line(3, "Init:CrashLoopBackOff", "")}
	if err := c.check(once); err == nil || !strings.Contains(err.Error(), "never showed") {
		t.Errorf("after one failure: %v, want never showed", err)
	}
	wrongOrder := []report.Annotation{line(1, "Init:CrashLoopBackOff", ""), line(1, "Error", "init-config"), line(2, "Error", "init-config")}
	if err := c.check(wrongOrder); err == nil {
		t.Error("a line before A counted as B")
	}
	other := []report.Annotation{line(1, "Error", "init-config"), line(2, "Error", "init-config"), {At: 3 * time.Second, Reason: "Init:CrashLoopBackOff", Pod: "other"}}
	if err := (Claim{Text: "x", From: lineRef{Reason: "Error", N: 2}, To: lineRef{Reason: "Init:CrashLoopBackOff", Name: "web", N: 1}}).check(other); err == nil {
		t.Error("a line of another Pod counted")
	}
}

// A claim about a Pod started with others in an earlier step is checked
// against the whole run; one whose lines never came still fails.
func TestCheckRecordsPodStartedEarlier(t *testing.T) {
	secs := map[string]text.Section{"startup": {Notes: []string{"claim: Unhealthy@slow -> Ready@slow in ..20s"}}}
	records := []map[string]any{
		{"type": "step", "key": "create", "t": 0.0},
		{"type": "event", "pod": "slow", "reason": "Unhealthy", "t": 3.0},
		{"type": "event", "pod": "slow", "reason": "Ready", "t": 9.0},
		{"type": "step", "key": "startup", "t": 12.0},
	}
	if errs := CheckRecords(secs, records); len(errs) != 0 {
		t.Errorf("a Pod started in the first step: %v", errs)
	}
	records[1]["pod"] = "other"
	if errs := CheckRecords(secs, records); len(errs) != 1 {
		t.Errorf("no Unhealthy line of slow: want one error, got %v", errs)
	}
}
