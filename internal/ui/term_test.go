package ui

import "testing"

func TestSmart(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		name    string
		tty     bool
		env     map[string]string
		noColor bool
		want    bool
	}{
		{"terminal", true, map[string]string{"TERM": "xterm-256color"}, false, true},
		{"pipe", false, map[string]string{"TERM": "xterm-256color"}, false, false},
		{"NO_COLOR", true, map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, false, false},
		{"dumb", true, map[string]string{"TERM": "dumb"}, false, false},
		{"--no-color", true, map[string]string{"TERM": "xterm"}, true, false},
	} {
		if got := Smart(tc.tty, env(tc.env), tc.noColor); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPlainAddsNothing(t *testing.T) {
	p := Plain()
	for _, paint := range []Paint{p.Title, p.Heading, p.Command, p.Output, p.Time, p.Label, p.Warn, p.Bad, p.Good, p.Subtle} {
		if got := paint("a\tb"); got != "a\tb" {
			t.Errorf("plain changed %q to %q", "a\tb", got)
		}
	}
}
