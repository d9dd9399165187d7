package resources

import (
	"context"
	"strconv"
	"strings"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// Facts the lesson learns.
const (
	failedScheduling lessons.Fact[string] = "failed-scheduling.message" // the FailedScheduling event's message
	oomReason        lessons.Fact[string] = "oom.reason"                // why the OOM demo's container last ended
	oomExitCode      lessons.Fact[string] = "oom.exit-code"             // and its exit code, as jsonpath prints it
)

// qosClass is the fact holding a Pod's QoS class.
func qosClass(pod string) lessons.Fact[string] { return lessons.Fact[string]("qos." + pod) }

// explain shows the FailedScheduling message line by line.
func explain(_ context.Context, v lessons.View) (report.Output, error) {
	msg, _ := failedScheduling.Get(v)
	if msg == "" {
		return report.Output{}, nil
	}
	var b report.Output
	for _, l := range SchedulingLines(msg) {
		b = b.Quote(l.Quote + "\n    ").Say(v.Line("sched."+l.Kind, facts(l.Facts))).Quote("\n")
	}
	return b, nil
}

func facts(m map[string]string) text.Facts {
	f := text.Facts{}
	for k, v := range m {
		f[k] = v
	}
	return f
}

// SchedulingLine is one line of the scheduler's FailedScheduling message,
// and what kind of line it is.
type SchedulingLine struct {
	Quote string            // the part of the message, as the scheduler wrote it
	Kind  string            // total, preemption, insufficient, taint, taint.controlplane, selector, cordoned, notHelpful, noVictims or other
	Facts map[string]string // Count, Reason, and Resource or Taint where the kind has one
}

// SchedulingLines splits a FailedScheduling message, such as
//
//	0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.
//
// into its lines: the count of nodes, one line per reason with the number of
// nodes it held back, then the same for preemption.
func SchedulingLines(msg string) []SchedulingLine {
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	main, pre, hasPre := strings.Cut(msg, ". preemption: ")
	lines := schedulingPart(main, false)
	if hasPre {
		lines = append(lines, schedulingPart(pre, true)...)
	}
	return lines
}

// schedulingPart splits "0/N nodes are available: C reason, C reason".
func schedulingPart(s string, preemption bool) []SchedulingLine {
	head, rest, ok := strings.Cut(s, ": ")
	var total string
	if _, n, found := strings.Cut(head, "/"); ok && found {
		total, _, _ = strings.Cut(n, " ")
	}
	if _, err := strconv.Atoi(total); err != nil {
		return []SchedulingLine{{Quote: s, Kind: "other", Facts: map[string]string{"Count": "", "Reason": s}}}
	}
	kind := "total"
	if preemption {
		kind = "preemption"
	}
	out := []SchedulingLine{{Quote: head + ":", Kind: kind, Facts: map[string]string{"Count": total}}}
	for _, r := range splitReasons(rest) {
		count, reason, _ := strings.Cut(r, " ")
		out = append(out, reasonLine(r, count, reason))
	}
	return out
}

// reasonLine is "COUNT reason".
func reasonLine(quote, count, reason string) SchedulingLine {
	f := map[string]string{"Count": count, "Reason": reason}
	key := "other"
	switch {
	case strings.HasPrefix(reason, "Insufficient "):
		key, f["Resource"] = "insufficient", strings.TrimPrefix(reason, "Insufficient ")
	case strings.HasPrefix(reason, "node(s) had untolerated taint"):
		taint := strings.Trim(strings.TrimPrefix(reason, "node(s) had untolerated taint"), " {}")
		taint = strings.TrimSuffix(strings.TrimSpace(taint), ":")
		key, f["Taint"] = "taint", taint
		if strings.HasPrefix(taint, "node-role.kubernetes.io/control-plane") {
			key = "taint.controlplane"
		}
	case strings.HasPrefix(reason, "node(s) didn't match Pod's node affinity/selector"):
		key = "selector"
	case strings.HasPrefix(reason, "node(s) were unschedulable"):
		key = "cordoned"
	case reason == "Preemption is not helpful for scheduling":
		key = "notHelpful"
	case reason == "No preemption victims found for incoming pod":
		key = "noVictims"
	}
	return SchedulingLine{Quote: quote, Kind: key, Facts: f}
}

// splitReasons splits reasons at ", " outside braces: a taint is {key: value}.
func splitReasons(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 && strings.HasPrefix(s[i:], ", ") {
				out = append(out, s[start:i])
				start = i + 2
			}
		}
	}
	return append(out, s[start:])
}
