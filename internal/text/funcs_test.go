package text

import "testing"

// pad fills to the widest of its words in terminal columns: Hangul is two.
func TestPad(t *testing.T) {
	for _, tc := range []struct {
		s      string
		others []string
		want   string
	}{
		{"(3 − 1) × 2", []string{"3 × 2 + 1"}, "(3 − 1) × 2"},
		{"3 × 2 + 1", []string{"(3 − 1) × 2"}, "3 × 2 + 1  "},
		{"ab", []string{"파드"}, "ab  "},
		{"ab", nil, "ab"},
	} {
		if got := pad(tc.s, tc.others...); got != tc.want {
			t.Errorf("pad(%q, %q) = %q, want %q", tc.s, tc.others, got, tc.want)
		}
	}
	got := Scene{}.Fill(`{{pad "a" "bbb"}}|`, nil)
	if got != "a  |" {
		t.Errorf("{{pad}} in a text gives %q", got)
	}
}

// A Pod's value a function does not know names the Pod, if there is one.
func TestUnknown(t *testing.T) {
	for _, tc := range []struct{ pod, what, want string }{
		{"webserver", "node", "<webserver-node>"},
		{"", "node", "<node>"},
		{"web", "ip", "<web-ip>"},
	} {
		if got := Unknown(tc.pod, tc.what); got != tc.want {
			t.Errorf("Unknown(%q, %q) = %q, want %q", tc.pod, tc.what, got, tc.want)
		}
	}
}
