package lessontest

import (
	"sync"
	"time"

	"k8s.io/utils/clock"
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

// InstantClock is a fake clock whose waits end at once: After(d) and a
// timer of d move it on by d. It keeps the waits asked for.
type InstantClock struct {
	*clocktesting.FakeClock
	mu    sync.Mutex
	waits []time.Duration
}

// NewInstantClock starts at now.
func NewInstantClock(now time.Time) *InstantClock {
	return &InstantClock{FakeClock: clocktesting.NewFakeClock(now)}
}

// After moves the clock on by d and returns a channel that has fired.
func (c *InstantClock) After(d time.Duration) <-chan time.Time {
	ch := c.FakeClock.After(d)
	c.step(d)
	return ch
}

// NewTimer moves the clock on by d and returns a timer that has fired.
func (c *InstantClock) NewTimer(d time.Duration) clock.Timer {
	t := c.FakeClock.NewTimer(d)
	c.step(d)
	return t
}

func (c *InstantClock) step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.Step(d)
}

// Waited is the waits asked for so far.
func (c *InstantClock) Waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
