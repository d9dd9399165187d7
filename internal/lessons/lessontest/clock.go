package lessontest

import (
	"sync"
	"time"

	clocktesting "k8s.io/utils/clock/testing"
)

// Clock is a fake clock that moves 100ms every time it is read, so output
// with relative times is stable. Its timers fire when reads move it past them.
type Clock struct {
	*clocktesting.FakeClock
	mu sync.Mutex // each read moves it on once
}

// NewClock starts at a fixed time.
func NewClock() *Clock {
	return &Clock{FakeClock: clocktesting.NewFakeClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))}
}

// Now moves the time on and returns it.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Step(100 * time.Millisecond)
	return c.FakeClock.Now()
}

// Since is the time from t to now, moving it on like Now.
func (c *Clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
