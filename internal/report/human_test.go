package report

import (
	"testing"
	"time"
)

// Times before the lesson's start read as -3.8s, not -+3.8s.
func TestAtBefore(t *testing.T) {
	for d, want := range map[time.Duration]string{-3800 * time.Millisecond: "-3.8s", 1500 * time.Millisecond: "+1.5s", -65 * time.Second: "-1m05s"} {
		if got := At(d); got != want {
			t.Errorf("At(%s) = %q, want %q", d, got, want)
		}
	}
}
