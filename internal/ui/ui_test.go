package ui

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		width, from int
		indent      string
		want        string
	}{
		{"fits", "a short line", 20, 0, "", "a short line"},
		{"hangs", "one two three four five", 11, 0, "  ", "one two\n  three\n  four five"},
		{"after a prefix", "one two three", 12, 6, "      ", "one\n      two\n      three"},
		{"keeps breaks", "one two\nthree four", 8, 0, "", "one two\nthree\nfour"},
		{"long word stays whole", "see https://kubernetes.io/docs/concepts/workloads/pods/", 20, 0, "", "see\nhttps://kubernetes.io/docs/concepts/workloads/pods/"},
		{"code span stays whole", "then type `crictl ps --pod` on it", 16, 0, "", "then type\n`crictl ps --pod`\non it"},
		{"list item", "- one two three", 9, 0, "", "- one two\n  three"},
		// Hangul is two columns wide: 파드는 is 6.
		{"hangul", "파드는 노드에서 실행됩니다", 15, 0, "", "파드는 노드에서\n실행됩니다"},
	} {
		if got := Wrap(tc.in, tc.width, tc.from, tc.indent); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
		for _, l := range strings.Split(Wrap(tc.in, tc.width, 0, tc.indent), "\n") {
			if Width(l) > tc.width && !strings.Contains(l, "https://") && !strings.Contains(l, "`") {
				t.Errorf("%s: line %q wider than %d", tc.name, l, tc.width)
			}
		}
	}
}

func TestPaletteFromEnvironmentOnly(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Palette
	}{
		{nil, Neutral},
		{map[string]string{"COLORFGBG": "15;0"}, Dark},
		{map[string]string{"COLORFGBG": "0;15"}, Light},
		{map[string]string{"COLORFGBG": "0;default;7"}, Light},
		{map[string]string{"COLORFGBG": "0;15", "KPOD_THEME": "dark"}, Dark},
		{map[string]string{"KPOD_THEME": "light"}, Light},
	} {
		if got := PaletteFor(env(tc.env)); got != tc.want {
			t.Errorf("%v: got %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestMarks(t *testing.T) {
	p := Plain()
	for kind, want := range map[Mark]string{OK: "✓", Warn: "!", Fail: "✗", Skip: "-", Info: "·"} {
		if got := p.Mark(kind); got != want {
			t.Errorf("%s: %q, want %q", kind, got, want)
		}
	}
}

// Each writer has its own renderer: stderr on a terminal is coloured while
// stdout in a pipe stays plain, and making them writes nothing (no query).
func TestOneRendererPerWriter(t *testing.T) {
	var out, errOut bytes.Buffer
	s := Streams{Out: &out, ErrOut: &errOut, ErrTTY: true}
	o, e := s.Printers(env(map[string]string{"TERM": "xterm-256color"}), false)
	if out.Len()+errOut.Len() != 0 {
		t.Fatalf("making the printers wrote %q %q", out.String(), errOut.String())
	}
	o.Line(OK, "done")
	e.Line(OK, "done")
	if strings.Contains(out.String(), "\x1b[") {
		t.Errorf("stdout is a pipe but got colour: %q", out.String())
	}
	if !strings.Contains(errOut.String(), "\x1b[") {
		t.Errorf("stderr is a terminal but got no colour: %q", errOut.String())
	}
	if o.Width != DefaultWidth {
		t.Errorf("width %d, want %d when not a terminal", o.Width, DefaultWidth)
	}
	done := o.Spin("waiting")
	done()
	if strings.Contains(out.String(), "waiting") {
		t.Error("a spinner in a pipe")
	}
}

func TestReflow(t *testing.T) {
	in := "A paragraph broken\nby hand.\n\n- an item\n  continued\n- another\n\n  $ kubectl get pods\n  indented stays\n```\nfenced\nstays\n```"
	want := "A paragraph broken by hand.\n\n- an item continued\n- another\n\n  $ kubectl get pods\n  indented stays\n```\nfenced\nstays\n```"
	if got := Reflow(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Neutral's grey (time offsets, Pod names on the timeline) reads on a dark
// and on a light background alike, as a true-colour and as a 256-colour
// terminal show it: a contrast of at least 3.5 to 1 against black and white.
func TestNeutralGreyReadsOnDarkAndLight(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256} {
		shown := p.Color(Neutral.Grey)
		rgb := termenv.ConvertToRGB(shown)
		l := luminance(rgb.R, rgb.G, rgb.B)
		if dark, light := (l+0.05)/0.05, 1.05/(l+0.05); dark < 3.5 || light < 3.5 {
			t.Errorf("profile %v shows grey %s as %v: contrast %.2f on black, %.2f on white", p, Neutral.Grey, shown, dark, light)
		}
	}
}

// luminance is the relative luminance of a colour (WCAG 2), its channels
// from 0 to 1.
func luminance(r, g, b float64) float64 {
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
