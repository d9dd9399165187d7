package lessontest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
)

// Stepped is a lesson run with --step: it stops before every step until the
// test lets it go on, so a test can look at the cluster in the middle of a
// lesson, while everything the lesson made is still there.
type Stepped struct {
	t       testing.TB
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stderr  *bytes.Buffer
	records chan map[string]any
	all     []map[string]any
	exited  chan struct{}
	waitErr error
	prompt  string
	paused  bool // kpod waits for Enter at a prompt the test has read
}

// Step starts a lesson in the e2e namespace with --step -o json --lang en.
// Call To to run it up to a step, then Finish.
func Step(t testing.TB, name string, args ...string) *Stepped {
	t.Helper()
	args = append([]string{name, "-n", Namespace, "-o", "json", "--lang", "en", "--step", "--timeout", "3m"}, args...)
	cmd := exec.Command(Binary(t), args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Stepped{t: t, cmd: cmd, stdin: stdin, stderr: &bytes.Buffer{}, records: make(chan map[string]any, 1024),
		exited: make(chan struct{}), prompt: report.StepPrompt("en").Text}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting kpod: %v", err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				s.records <- m
			}
		}
		close(s.records)
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default: // the test stopped early: Ctrl-C, so kpod cleans up
			_ = cmd.Process.Signal(os.Interrupt)
			select {
			case <-s.exited:
			case <-time.After(3 * time.Minute):
				_ = cmd.Process.Kill()
			}
		}
	})
	return s
}

// next returns the next record, or false once kpod has exited.
func (s *Stepped) next(ctx context.Context) (map[string]any, bool) {
	select {
	case m, ok := <-s.records:
		if ok {
			s.all = append(s.all, m)
		}
		return m, ok
	case <-ctx.Done():
		s.t.Fatalf("kpod said nothing for too long\nstderr: %s", s.stderr)
		return nil, false
	}
}

func (s *Stepped) isPrompt(m map[string]any) bool {
	return m["type"] == "note" && m["text"] == s.prompt
}

// enter lets kpod go on from the prompt it waits at.
func (s *Stepped) enter() {
	s.paused = false
	_, _ = io.WriteString(s.stdin, "\n")
}

// To lets the lesson run up to and including the step called key, and
// returns while kpod waits before the next step (or has finished).
func (s *Stepped) To(key string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	seen := false
	if s.paused {
		s.enter()
	}
	for {
		m, ok := s.next(ctx)
		if !ok {
			if !seen {
				s.t.Fatalf("kpod ended before step %q\nstderr: %s\nrecords: %v", key, s.stderr, s.all)
			}
			return
		}
		if m["type"] == "step" && m["key"] == key {
			seen = true
		}
		if s.isPrompt(m) {
			if seen {
				s.paused = true
				return
			}
			s.enter()
		}
	}
}

// Finish lets the lesson run to its end and fails the test unless it
// succeeded.
func (s *Stepped) Finish() Result {
	s.t.Helper()
	r := s.End()
	if r.Code != 0 || s.waitErr != nil {
		s.t.Fatalf("kpod exited %d (%v)\nstderr: %s\nrecords: %v", r.Code, s.waitErr, r.Stderr, r.Records)
	}
	return r
}

// End lets the lesson run to its end, however it ends, and returns what it
// printed and its exit code.
func (s *Stepped) End() Result {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if s.paused {
		s.enter()
	}
	for {
		m, ok := s.next(ctx)
		if !ok {
			break
		}
		if s.isPrompt(m) {
			s.enter()
		}
	}
	<-s.exited
	_ = s.stdin.Close()
	r := Result{Records: s.all, Stderr: s.stderr.String()}
	if ee, ok := s.waitErr.(*exec.ExitError); ok {
		r.Code = ee.ExitCode()
	}
	return r
}

// During lets the lesson run until step key is under way (its first
// command is out, or, for a step without one, its step record) and returns
// at once, while kpod works on it.
func (s *Stepped) During(key string) { s.AtCommand(key, 1) }

// AtCommand is During at the n-th command of step key: the actions before
// it have run, and the n-th is about to.
func (s *Stepped) AtCommand(key string, n int) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if s.paused {
		s.enter()
	}
	seen, cmds := false, 0
	for {
		m, ok := s.next(ctx)
		if !ok {
			s.t.Fatalf("kpod ended before step %q\nstderr: %s\nrecords: %v", key, s.stderr, s.all)
		}
		switch {
		case m["type"] == "step" && m["key"] == key:
			seen = true
		case seen && m["type"] == "command":
			if cmds++; cmds == n {
				return
			}
		case s.isPrompt(m) && seen: // the step had fewer commands and is done
			s.paused = true
			return
		case s.isPrompt(m):
			s.enter()
		}
	}
}

// Interrupt presses Ctrl-C (SIGINT) while the lesson waits, lets kpod clean
// up, and returns what it printed; kpod should exit 130.
func (s *Stepped) Interrupt() Result {
	s.t.Helper()
	r, _ := s.Signal(os.Interrupt)
	return r
}

// Signal sends sig to kpod, waits until it has cleaned up and exited, and
// returns what it printed and how long it took to exit.
func (s *Stepped) Signal(sig os.Signal) (Result, time.Duration) {
	s.t.Helper()
	t0 := time.Now()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signalling kpod: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for {
		if _, ok := s.next(ctx); !ok {
			break
		}
	}
	<-s.exited
	took := time.Since(t0)
	_ = s.stdin.Close()
	r := Result{Records: s.all, Stderr: s.stderr.String()}
	if ee, ok := s.waitErr.(*exec.ExitError); ok {
		r.Code = ee.ExitCode()
	}
	return r, took
}

// SignalTwice sends sig, waits until kpod has said it is cleaning up, and
// sends sig again, as a user who presses Ctrl-C twice; it returns what kpod
// printed.
func (s *Stepped) SignalTwice(sig os.Signal) Result {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signalling kpod: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cleaning := lessons.Words().Get("en", "ui.interrupted").Body
	for {
		m, ok := s.next(ctx)
		if !ok {
			s.t.Fatalf("kpod exited before it said it was cleaning up\nstderr: %s", s.stderr)
		}
		if m["type"] == "note" && m["text"] == cleaning {
			break
		}
	}
	r, _ := s.Signal(sig)
	return r
}

// Kill ends kpod at once (SIGKILL, as when its terminal goes away): it
// cleans up nothing, which is what `kpod clean` is for.
func (s *Stepped) Kill() {
	s.t.Helper()
	_ = s.cmd.Process.Kill()
	for range s.records {
	}
	<-s.exited
	_ = s.stdin.Close()
}
