package cli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kpod-dev/kpod/internal/kube"
)

// When the API server is slow to answer, kpod says which one it waits
// for: one line on stderr, or a spinner on a terminal that is gone once
// the server answers; when it answers at once, nothing.
func TestConnectingSaysWhichServer(t *testing.T) {
	slow := func(d time.Duration) func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
			time.Sleep(d)
			return nil, errors.New("test: no cluster")
		}
	}
	args := []string{"why", "web", "--server", "https://203.0.113.7:6443"}
	for _, tc := range []struct {
		name  string
		delay time.Duration
		tty   bool
		want  string
	}{
		{"slow", 200 * time.Millisecond, false, "connecting to https://203.0.113.7:6443…\nerror: test: no cluster\n"},
		{"fast", 0, false, "error: test: no cluster\n"},
	} {
		app, _, errOut := newApp(slow(tc.delay))
		app.ConnectNotice = 20 * time.Millisecond
		if r := run(t, app, context.Background(), args...); r.code != 1 || errOut.String() != tc.want {
			t.Errorf("%s: exit %d, stderr %q, want %q", tc.name, r.code, errOut.String(), tc.want)
		}
	}

	// On a terminal: a spinner, cleared before the error is printed.
	app, _, errOut := newApp(slow(300 * time.Millisecond))
	app.ConnectNotice = 20 * time.Millisecond
	app.Streams.ErrTTY = true
	app.Getenv = func(k string) string {
		if k == "TERM" {
			return "xterm"
		}
		return ""
	}
	run(t, app, context.Background(), args...)
	got := errOut.String()
	spin, after, ok := strings.Cut(got, "error: ")
	if !ok || !strings.Contains(spin, "connecting to https://203.0.113.7:6443…") || !strings.HasSuffix(spin, "\r\x1b[K") || strings.Contains(after, "connecting") {
		t.Errorf("terminal: stderr %q", got)
	}
}
