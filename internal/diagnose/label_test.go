package diagnose

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// Every heading why prints is in every language.
func TestLabels(t *testing.T) {
	for _, lang := range text.Languages {
		for _, name := range []string{"state", "cause", "evidence", "none", "hints"} {
			if Label(lang, name) == "" {
				t.Errorf("%s: no label %q", lang, name)
			}
		}
		for _, e := range []Evidence{{Kind: "event", Reason: "BackOff", Count: 2}, {Kind: "logs", Container: "web"}, {Kind: "logs", Container: "web", Previous: true}} {
			if got := e.Label(lang); got == "" || got == "label.event" || got == "label.logs" {
				t.Errorf("%s: evidence %+v has no label (%q)", lang, e, got)
			}
		}
	}
}
