package lessons

import (
	"fmt"
	"io"
	"sync"
	"time"
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
}

var frames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func newSpinner(w io.Writer, what string, mu *sync.Mutex) *spinner {
	s := &spinner{w: w, what: what, start: time.Now(), quit: make(chan struct{})}
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
	fmt.Fprintf(s.w, "  %s %s (%ds)", frames[s.frame%len(frames)], s.what, int(time.Since(s.start).Seconds()))
}

func (s *spinner) clear() { fmt.Fprint(s.w, "\r\033[K") }

func (s *spinner) stop() {
	s.once.Do(func() {
		close(s.quit)
		s.clear()
	})
}
