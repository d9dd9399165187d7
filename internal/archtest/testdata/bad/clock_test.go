package bad

import (
	"testing"
	"time"
)

func TestStamp(t *testing.T) {
	now = func() time.Time { return time.Time{} }
	if !stamp().IsZero() {
		t.Fatal("not swapped")
	}
}

func TestShadow(t *testing.T) {
	now := 1
	now = 2
	fixed := Fixed
	fixed = 3
	_, _ = now, fixed
}
