package ui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// Two prompts reading piped input one after the other each get their line.
func TestLinesTwoPrompts(t *testing.T) {
	ctx := context.Background()
	in := NewLines(ctx, strings.NewReader("y\nn\n"))
	for _, want := range []string{"y", "n"} {
		if got, err := in.Line(ctx); err != nil || got != want {
			t.Fatalf("Line = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := in.Line(ctx); err != io.EOF {
		t.Errorf("after the input: %v, want EOF", err)
	}
	if _, err := (*Lines)(nil).Line(ctx); err != io.EOF {
		t.Errorf("without input: %v, want EOF", err)
	}
}

// endless is input that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '\n'
	}
	return len(p), nil
}

// When its context ends, the reader stops and closes its lines, though
// nobody reads them and the input goes on.
func TestLinesStopWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := NewLines(ctx, endless{})
	c := in.C()
	<-c
	cancel()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-c:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("the reader goes on after its context ended")
		}
	}
}
