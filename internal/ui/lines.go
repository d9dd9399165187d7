package ui

import (
	"bufio"
	"context"
	"io"
	"sync"
)

// Lines is a run's input read line by line, once, for every prompt and
// pause that waits for a line: one reader, so that no prompt takes input a
// later one needs. It starts reading at the first wait and stops when the
// context it was made with ends.
type Lines struct {
	r    io.Reader
	done <-chan struct{}
	once sync.Once
	ch   chan string
}

// NewLines reads r (nil: no input) until ctx ends.
func NewLines(ctx context.Context, r io.Reader) *Lines {
	return &Lines{r: r, done: ctx.Done()}
}

// C is the lines as they come, closed at the input's end; nil without input.
func (l *Lines) C() <-chan string {
	if l == nil || l.r == nil {
		return nil
	}
	l.once.Do(func() {
		l.ch = make(chan string)
		go func() {
			defer close(l.ch)
			sc := bufio.NewScanner(l.r)
			for sc.Scan() {
				select {
				case l.ch <- sc.Text():
				case <-l.done:
					return
				}
			}
		}()
	})
	return l.ch
}

// Line waits for the next line; io.EOF at the input's end (or without
// input), ctx's error when it ends first.
func (l *Lines) Line(ctx context.Context) (string, error) {
	c := l.C()
	if c == nil {
		return "", io.EOF
	}
	select {
	case s, ok := <-c:
		if !ok {
			return "", io.EOF
		}
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
