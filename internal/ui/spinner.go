package ui

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// spinner redraws one status line while kpod waits. Its owner holds mu
// around clear and draw; the ticker takes mu itself.
type spinner struct {
	w     io.Writer
	what  string
	start time.Time
	frame int
	quit  chan struct{}
	once  sync.Once
	max   int // columns for what, so the line never wraps
}

var frames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func newSpinner(w io.Writer, what string, width int, mu *sync.Mutex) *spinner {
	s := &spinner{w: w, what: what, start: time.Now(), quit: make(chan struct{}), max: width - 12}
	s.draw()
	go func() {
		t := time.NewTicker(120 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.quit:
				return
			case <-t.C:
				mu.Lock()
				select {
				case <-s.quit:
				default:
					s.frame++
					s.clear()
					s.draw()
				}
				mu.Unlock()
			}
		}
	}()
	return s
}

func (s *spinner) draw() {
	what := s.what
	if s.max > 0 {
		what = ansi.Truncate(what, s.max, "…")
	}
	fmt.Fprintf(s.w, "  %s %s (%ds)", frames[s.frame%len(frames)], what, int(time.Since(s.start).Seconds()))
}

func (s *spinner) clear() { fmt.Fprint(s.w, "\r\033[K") }

func (s *spinner) stop() {
	s.once.Do(func() {
		close(s.quit)
		s.clear()
	})
}
