package loud

import "testing"

// A test may set the session's Report.
func TestSay(t *testing.T) {
	s := session{Report: func(string) {}}
	say(s)
	_ = s.Report
}
