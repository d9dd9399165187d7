package cli

import (
	"sync"
	"time"

	"k8s.io/utils/clock"
	clocktesting "k8s.io/utils/clock/testing"
)

// instantClock is a fake clock whose waits end at once: After(d) and a
// timer of d move it on by d. It keeps the waits asked for.
type instantClock struct {
	*clocktesting.FakeClock
	mu    sync.Mutex
	waits []time.Duration
}

func newInstantClock(now time.Time) *instantClock {
	return &instantClock{FakeClock: clocktesting.NewFakeClock(now)}
}

func (c *instantClock) After(d time.Duration) <-chan time.Time {
	ch := c.FakeClock.After(d)
	c.step(d)
	return ch
}

func (c *instantClock) NewTimer(d time.Duration) clock.Timer {
	t := c.FakeClock.NewTimer(d)
	c.step(d)
	return t
}

func (c *instantClock) step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.Step(d)
}

// waited is the waits asked for so far.
func (c *instantClock) waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
