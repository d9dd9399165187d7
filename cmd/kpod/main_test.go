package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestMain lets a test run this binary as kpod itself: with KPOD_TEST_MAIN
// set, it is kpod.
func TestMain(m *testing.M) {
	if os.Getenv("KPOD_TEST_MAIN") != "" {
		main()
	}
	os.Exit(m.Run())
}

// queries are what a program sends to ask a terminal something: its
// background colour (OSC 11), its foreground (OSC 10), the cursor position
// (DSR), its attributes (DA).
var queries = []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n", "\x1b[c", "\x1b[0c"}

// kpod on a terminal that never answers (as under `script`, in Emacs shell
// mode or in some CI terminals) asks it nothing and prints at once. A
// query would hang for lipgloss's 5 s timeout; the test gives up long
// before that.
func TestNoTerminalQueries(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"run", "--dry-run"}, {"probe", "--help"}, {"version"}} {
		cmd := exec.Command(self, args...)
		cmd.Args[0] = "kpod"
		cmd.Env = []string{"KPOD_TEST_MAIN=1", "TERM=xterm-256color", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "KUBECONFIG=/nonexistent"}
		start := time.Now()
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
		if err != nil {
			t.Fatal(err)
		}
		// Read everything, answer nothing.
		var out bytes.Buffer
		read := make(chan error, 1)
		go func() { _, err := io.Copy(&out, tty); read <- err }()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err = <-exited:
		case <-time.After(4 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			t.Fatalf("kpod %v printed nothing for 4 s on a silent terminal; it printed %q", args, out.String())
		}
		took := time.Since(start)
		if err != nil {
			t.Errorf("kpod %v: %v", args, err)
		}
		<-read // the pty reports EIO once the child is gone
		tty.Close()
		t.Logf("kpod %v: %d bytes on a silent terminal in %s", args, out.Len(), took.Round(time.Millisecond))
		for _, q := range queries {
			if strings.Contains(out.String(), q) {
				t.Errorf("kpod %v asked the terminal %q", args, q)
			}
		}
		if out.Len() == 0 {
			t.Errorf("kpod %v printed nothing", args)
		}
		if len(args) == 0 && !strings.Contains(out.String(), "\x1b[") {
			t.Errorf("the outline on a terminal has no colour: the test did not try the coloured path")
		}
	}
}
