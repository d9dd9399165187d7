package resources

import (
	"context"
	"strconv"
	"strings"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// failedScheduling is the fact holding the FailedScheduling event's message.
const failedScheduling lessons.Fact[string] = "failedscheduling.message"

// Line is one line of the scheduler's message and the text that explains it.
type Line struct {
	Quote string     // the part of the message, as the scheduler wrote it
	Key   string     // the text that explains it
	Facts text.Facts // what the text is filled with
}

// Explain splits a FailedScheduling message, such as
//
//	0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.
//
// into its lines: the count of nodes, one line per reason with the number of
// nodes it held back, then the same for preemption.
func Explain(msg string) []Line {
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	main, pre, hasPre := strings.Cut(msg, ". preemption: ")
	lines := part(main, false)
	if hasPre {
		lines = append(lines, part(pre, true)...)
	}
	return lines
}

// part explains "0/N nodes are available: C reason, C reason".
func part(s string, preemption bool) []Line {
	head, rest, ok := strings.Cut(s, ": ")
	var total string
	if _, n, found := strings.Cut(head, "/"); ok && found {
		total, _, _ = strings.Cut(n, " ")
	}
	if _, err := strconv.Atoi(total); err != nil {
		return []Line{{Quote: s, Key: "sched.other", Facts: text.Facts{"Count": "", "Reason": s}}}
	}
	key := "sched.total"
	if preemption {
		key = "sched.preemption"
	}
	out := []Line{{Quote: head + ":", Key: key, Facts: text.Facts{"Count": total}}}
	for _, r := range split(rest) {
		count, reason, _ := strings.Cut(r, " ")
		out = append(out, reasonLine(r, count, reason))
	}
	return out
}

// reasonLine explains "COUNT reason".
func reasonLine(quote, count, reason string) Line {
	f := text.Facts{"Count": count, "Reason": reason}
	key := "sched.other"
	switch {
	case strings.HasPrefix(reason, "Insufficient "):
		key, f["Resource"] = "sched.insufficient", strings.TrimPrefix(reason, "Insufficient ")
	case strings.HasPrefix(reason, "node(s) had untolerated taint"):
		taint := strings.Trim(strings.TrimPrefix(reason, "node(s) had untolerated taint"), " {}")
		taint = strings.TrimSuffix(strings.TrimSpace(taint), ":")
		key, f["Taint"] = "sched.taint", taint
		if strings.HasPrefix(taint, "node-role.kubernetes.io/control-plane") {
			key = "sched.taint.controlplane"
		}
	case strings.HasPrefix(reason, "node(s) didn't match Pod's node affinity/selector"):
		key = "sched.selector"
	case strings.HasPrefix(reason, "node(s) were unschedulable"):
		key = "sched.cordoned"
	case reason == "Preemption is not helpful for scheduling":
		key = "sched.notHelpful"
	case reason == "No preemption victims found for incoming pod":
		key = "sched.noVictims"
	}
	return Line{Quote: quote, Key: key, Facts: f}
}

// split splits reasons at ", " outside braces: a taint is {key: value}.
func split(s string) []string {
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

// explain shows the FailedScheduling message line by line.
func explain(_ context.Context, s *lessons.Session) (string, error) {
	msg := failedScheduling.Get(s)
	if msg == "" {
		return "", nil
	}
	var b strings.Builder
	for _, l := range Explain(msg) {
		b.WriteString(l.Quote + "\n    " + s.Text(l.Key, l.Facts) + "\n")
	}
	return b.String(), nil
}
