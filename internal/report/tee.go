package report

import (
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/ui"
)

// Tee reports to every one of rs: the human output on screen and the JSON
// records in a file (--record).
// Each call reaches them all before the next one starts (the timeline
// reports from its own goroutine), so all see the same order.
func Tee(rs ...Reporter) Reporter { return &tee{rs: rs} }

type tee struct {
	mu sync.Mutex
	rs []Reporter
}

func (t *tee) Lesson(name, title string, intro Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Lesson(name, title, intro)
	}
}

func (t *tee) Step(n, of int, key, title string, body Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Step(n, of, key, title, body)
	}
}

func (t *tee) Command(cmd string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Command(cmd)
	}
}

func (t *tee) Output(o Output) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Output(o)
	}
}

func (t *tee) Manifest(file, yaml string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Manifest(file, yaml)
	}
}

func (t *tee) Event(a Annotation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Event(a)
	}
}

func (t *tee) Note(kind ui.Mark, l Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Note(kind, l)
	}
}

func (t *tee) Fact(key string, value any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Fact(key, value)
	}
}

func (t *tee) Waiting(what string) func() {
	t.mu.Lock()
	defer t.mu.Unlock()
	dones := make([]func(), len(t.rs))
	for i, r := range t.rs {
		dones[i] = r.Waiting(what)
	}
	return func() {
		for _, d := range dones {
			d()
		}
	}
}

func (t *tee) Done(ok bool, elapsed time.Duration, title Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rs {
		r.Done(ok, elapsed, title)
	}
}
