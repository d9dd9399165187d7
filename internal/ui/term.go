// Package ui decides how kpod looks: colour or plain, the named styles, the
// ✓/!/✗ marks, the spinner and the width text is wrapped to.
package ui

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"
)

// DefaultWidth is the width text is wrapped to when the writer is not a
// terminal.
const DefaultWidth = 80

// MinWidth is the narrowest width kpod wraps to: under it no line fits.
const MinWidth = 40

// Streams are the standard streams a command writes to and reads from, and
// what is known about them: each writer's terminal state is its own.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	OutTTY, ErrTTY     bool // stdout, stderr is a terminal
	OutWidth, ErrWidth int  // columns of that terminal; 0: DefaultWidth
}

// System returns the process's own streams.
func System() Streams {
	s := Streams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.OutTTY, s.OutWidth = IsTerminal(os.Stdout), width(os.Stdout)
	s.ErrTTY, s.ErrWidth = IsTerminal(os.Stderr), width(os.Stderr)
	return s
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// width is the terminal's width by ioctl (never by asking the terminal), or 0.
func width(f *os.File) int {
	if !IsTerminal(f) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// Smart reports whether output may be styled: a terminal, NO_COLOR unset,
// TERM not dumb and colour not switched off by flag.
func Smart(tty bool, getenv func(string) string, noColor bool) bool {
	if !tty || noColor {
		return false
	}
	if get(getenv, "NO_COLOR") != "" {
		return false
	}
	return get(getenv, "TERM") != "dumb"
}
