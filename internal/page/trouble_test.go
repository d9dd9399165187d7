package page

import (
	"os"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// The page warns of the events the terminal paints as a warning, no more
// and no fewer: every reason the timeline has a text for, and the pod
// states it tells as events.
func TestWarnsAsTheTerminal(t *testing.T) {
	reasons := []string{"OOMKilled", "Terminated", "NotReady", "CrashLoopBackOff"}
	words, err := text.Load(os.DirFS("../timeline"))
	if err != nil {
		t.Fatal(err)
	}
	for key := range words["en"] {
		if r, ok := strings.CutPrefix(key, "event."); ok && !strings.Contains(r, ".") {
			reasons = append(reasons, r)
		}
	}
	warned := 0
	for _, r := range reasons {
		c := &collector{}
		c.Event(report.Annotation{Reason: r, Pod: "web"})
		if got := c.items[0].Warn; got != report.Trouble(r) {
			t.Errorf("%s: page warns %v, terminal %v", r, got, report.Trouble(r))
		}
		if c.items[0].Warn {
			warned++
		}
	}
	if warned == 0 || warned == len(reasons) {
		t.Errorf("%d of %d reasons warned: the list is not read", warned, len(reasons))
	}
}
