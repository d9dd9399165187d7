package resources

import (
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// Messages as kube-scheduler v1.37 writes them: on one node, and on kind's
// three (a tainted control plane, two workers).
const (
	oneNode    = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
	threeNodes = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
)

func TestExplain(t *testing.T) {
	for _, c := range []struct {
		msg  string
		want []string // quote and key, one per line
	}{
		{oneNode, []string{
			"0/1 nodes are available: sched.total",
			"1 Insufficient cpu sched.insufficient",
			"0/1 nodes are available: sched.preemption",
			"1 No preemption victims found for incoming pod sched.noVictims",
		}},
		{threeNodes, []string{
			"0/3 nodes are available: sched.total",
			"1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } sched.taint.controlplane",
			"2 Insufficient cpu sched.insufficient",
			"0/3 nodes are available: sched.preemption",
			"1 Preemption is not helpful for scheduling sched.notHelpful",
			"2 No preemption victims found for incoming pod sched.noVictims",
		}},
		{"0/2 nodes are available: 1 node(s) had untolerated taint {gpu: true}, 1 node(s) were unschedulable.", []string{
			"0/2 nodes are available: sched.total",
			"1 node(s) had untolerated taint {gpu: true} sched.taint",
			"1 node(s) were unschedulable sched.cordoned",
		}},
		{"something new", []string{"something new sched.other"}},
	} {
		var got []string
		for _, l := range SchedulingLines(c.msg) {
			got = append(got, l.Quote+" sched."+l.Kind)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("SchedulingLines(%q):\n%s\nwant\n%s", c.msg, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// Every line's text renders in every language with the facts it is given,
// and says the numbers of the message.
func TestExplainTexts(t *testing.T) {
	for _, lang := range text.Languages {
		for _, msg := range []string{oneNode, threeNodes} {
			var b strings.Builder
			for _, l := range SchedulingLines(msg) {
				key := "sched." + l.Kind
				sec := words.Get(lang, key)
				if sec.Body == "" {
					t.Fatalf("%s: no text %s", lang, key)
				}
				out, missing, err := text.Render(sec.Body, nil, facts(l.Facts))
				if err != nil || len(missing) > 0 {
					t.Errorf("%s %s: %v, missing %v", lang, key, err, missing)
				}
				b.WriteString(out + "\n")
			}
			out := b.String()
			if msg == threeNodes && (!strings.Contains(out, "node-role.kubernetes.io/control-plane") || !strings.Contains(out, "3")) {
				t.Errorf("%s: the control plane's taint or the node count is not explained:\n%s", lang, out)
			}
			if msg == oneNode && strings.Contains(out, "control-plane") {
				t.Errorf("%s: one node and no taint, yet the text speaks of it:\n%s", lang, out)
			}
		}
	}
}
