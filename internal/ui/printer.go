package ui

import (
	"fmt"
	"io"
	"sync"
)

// Printer is one writer with its own look: its theme (colour only when this
// writer is a smart terminal), its width, and at most one spinner. It is
// safe for concurrent use.
type Printer struct {
	Theme Theme
	Width int  // wrap text to this many columns
	Smart bool // colour and a spinner

	mu      sync.Mutex
	w       io.Writer
	spinner *spinner
}

// NewPrinter prints to w. tty says whether w is a terminal and width its
// columns (0: DefaultWidth); getenv and noColor decide colour.
func NewPrinter(w io.Writer, tty bool, width int, getenv func(string) string, noColor bool) *Printer {
	p := &Printer{w: w, Theme: Plain(), Width: width}
	if p.Width <= 0 {
		p.Width = DefaultWidth
	}
	if Smart(tty, getenv, noColor) {
		p.Smart = true
		p.Theme = Styled(w, getenv)
	}
	return p
}

// Unwrapped prints to w without colour, spinner or wrapping (Width 0).
func Unwrapped(w io.Writer) *Printer { return &Printer{w: w, Theme: Plain()} }

// Printers are the Printer for a command's data (stdout) and the one for
// its narration (stderr).
func (s Streams) Printers(getenv func(string) string, noColor bool) (out, err *Printer) {
	return NewPrinter(s.Out, s.OutTTY, s.OutWidth, getenv, noColor), NewPrinter(s.ErrOut, s.ErrTTY, s.ErrWidth, getenv, noColor)
}

// Print writes s, keeping a running spinner below it.
func (p *Printer) Print(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.spinner != nil {
		p.spinner.clear()
	}
	fmt.Fprint(p.w, s)
	if p.spinner != nil {
		p.spinner.draw()
	}
}

// Printf formats and prints.
func (p *Printer) Printf(format string, args ...any) { p.Print(fmt.Sprintf(format, args...)) }

// Line prints "  MARK text", text wrapped with its continuation lines
// under the text.
func (p *Printer) Line(kind Mark, text string) {
	p.Print("  " + p.Theme.Mark(kind) + " " + Wrap(text, p.Width, 4, "    ") + "\n")
}

// Spin shows a spinner with what on a smart terminal until done is called;
// elsewhere it shows nothing.
func (p *Printer) Spin(what string) (done func()) {
	if !p.Smart {
		return func() {}
	}
	p.mu.Lock()
	if p.spinner != nil {
		p.spinner.stop()
	}
	sp := newSpinner(p.w, what, p.Width, &p.mu)
	p.spinner = sp
	p.mu.Unlock()
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		sp.stop()
		if p.spinner == sp {
			p.spinner = nil
		}
	}
}
