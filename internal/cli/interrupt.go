package cli

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// interrupt is the cause of a context that a signal cancelled.
type interrupt struct{ Signal os.Signal }

func (i interrupt) Error() string { return "interrupted by " + i.Signal.String() }

// Unwrap makes an interrupt a context.Canceled, as a plain cancel is.
func (i interrupt) Unwrap() error { return context.Canceled }

// exitCode is 128 + the signal's number, as shells report a process the
// signal ended: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
func (i interrupt) exitCode() int {
	if n, ok := i.Signal.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// interruptedCode is the exit code for a run that ctx's cancellation
// stopped: 128 + the signal's number, or 130.
func interruptedCode(ctx context.Context) int {
	var in interrupt
	if errors.As(context.Cause(ctx), &in) {
		return in.exitCode()
	}
	return 130
}
