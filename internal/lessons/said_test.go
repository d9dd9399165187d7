package lessons

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/text"
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
	for _, p := range o.placed() {
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

// The places an output's record carries come back from the recording as
// they were written; said again in Korean, only kpod's NAME is, and the
// places follow the new words.
func TestOutputPlacesRoundTrip(t *testing.T) {
	words := text.Text{
		"en": {"title": {Title: "X"}, "intro": {Body: "Intro."}, "name": {Body: "NAME"}, "why": {Body: "It broke at {{.At}}."}},
		"ko": {"title": {Title: "엑스"}, "intro": {Body: "소개."}, "name": {Body: "이름"}, "why": {Body: "{{.At}}에 고장 났습니다."}},
	}
	l := &Lesson{Name: "x", Text: words}
	var j bytes.Buffer
	js := NewJSON(&j, func() time.Duration { return time.Second })
	js.Lang = "en"
	s := &Session{RunEnv: RunEnv{Lang: "en"}, Lesson: l, Report: js}
	js.Lesson("x", "X", s.Line("intro", nil))
	quoted := "NAME   READY\nweb    1/1\n\n"
	out := Quoted(quoted).Say(s.Line("name", nil)).Quote("\n").Say(s.Line("why", text.Facts{"At": "12:00"}))
	js.Output(out)

	rec, err := ReadRecording(&j)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range outputs(rec.Said("", nil)) {
		if r.Text != out.Text || len(r.Said) != 2 || r.Said[0].At != out.Said[0].At || r.Said[1].At != out.Said[1].At || r.Said[0].Key != "name" {
			t.Errorf("read back %q %+v, want %q %+v", r.Text, r.Said, out.Text, out.Said)
		}
	}
	for _, r := range outputs(rec.Said("ko", func(string) *Lesson { return l })) {
		if want := quoted + "이름\n12:00에 고장 났습니다."; r.Text != want {
			t.Errorf("said in Korean:\n%q\nwant\n%q", r.Text, want)
		}
		for _, p := range r.Said {
			if r.Text[p.At:p.At+len(p.Text)] != p.Text {
				t.Errorf("%s said again is not at %d in %q", p.Key, p.At, r.Text)
			}
		}
	}
}

// An output's notes are reported at their places, between its parts.
func TestOutputNotesInOrder(t *testing.T) {
	var b bytes.Buffer
	s := testSession()
	s.Report = NewHuman(&b)
	o := Quoted("before\n").Note(ui.Info, Plain("noted")).Then(Quoted("after\n").Note(ui.Warn, Plain("last")))
	(&runner{s: s}).report(o)
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
