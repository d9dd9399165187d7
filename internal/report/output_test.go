package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/ui"
)

// Each text kpod says in an output keeps the place where it was put, even
// where the quoted output holds the same words (kubectl's NAME header
// before kpod's), and Then moves the places of what it appends.
func TestOutputPlacesWhatKpodSaid(t *testing.T) {
	name := Line{Text: "NAME", Said: Said{Key: "table.name"}}
	quoted := "NAME      READY   STATUS\nweb-env   1/1     Running\n\n"
	table := Quoted("").Say(name).Quote("       ").Say(Line{Text: "IN THE CONTAINER", Said: Said{Key: "table.container"}}).Quote("\nPOD_NAME   web-env\n")
	o := Quoted(quoted).Then(table)
	if len(o.Said) != 2 || o.Said[0].At != len(quoted) || o.Said[1].At != len(quoted)+strings.Index(table.Text, "IN THE") {
		t.Fatalf("places %+v, want table.name at %d", o.Said, len(quoted))
	}
	for _, p := range o.Placed() {
		if o.Text[p.At:p.At+len(p.Text)] != p.Text {
			t.Errorf("%s is not at %d in %q", p.Key, p.At, o.Text)
		}
	}
	// Outputs made from one are apart: saying more in one leaves the other.
	a, b := o.Say(Line{Text: "a", Said: Said{Key: "a"}}), o.Say(Line{Text: "b", Said: Said{Key: "b"}})
	if a.Said[2].Key != "a" || b.Said[2].Key != "b" || len(o.Said) != 2 {
		t.Errorf("outputs share their pieces: %+v %+v", a.Said, b.Said)
	}
	if p := Quoted("x").Say(Plain("cluster words")); len(p.Said) != 0 {
		t.Errorf("a plain line is said: %+v", p.Said)
	}
}

// An output's notes are reported at their places, between its parts.
func TestOutputNotesInOrder(t *testing.T) {
	var b bytes.Buffer
	o := Quoted("before\n").Note(ui.Info, Plain("noted")).Then(Quoted("after\n").Note(ui.Warn, Plain("last")))
	Show(NewHuman(&b), o)
	got := b.String()
	last := -1
	for _, w := range []string{"before", "noted", "after", "last"} {
		i := strings.Index(got, w)
		if i <= last {
			t.Fatalf("%q not after what came before it in\n%s", w, got)
		}
		last = i
	}
}
