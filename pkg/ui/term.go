// Package ui decides how kpod looks: colour or plain, and the named styles.
package ui

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// Streams are the standard streams a command writes to and reads from.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// System returns the process's own streams.
func System() Streams {
	return Streams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Smart reports whether output may be styled: a terminal, NO_COLOR unset,
// TERM not dumb and colour not switched off by flag.
func Smart(tty bool, getenv func(string) string, noColor bool) bool {
	if !tty || noColor {
		return false
	}
	if _, set := lookup(getenv, "NO_COLOR"); set {
		return false
	}
	return getenv("TERM") != "dumb"
}

func lookup(getenv func(string) string, key string) (string, bool) {
	if getenv == nil {
		return "", false
	}
	v := getenv(key)
	return v, v != ""
}
