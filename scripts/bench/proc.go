package main

import (
	"bytes"
	"context"
	"os/exec"
	"syscall"
	"time"
)

// result is one finished child process.
type result struct {
	wall   time.Duration
	maxRSS float64 // MiB: the rusage ru_maxrss of the child (and what it waited for)
	cpu    float64 // seconds of CPU, user and system, of the child and what it waited for
	stdout []byte
	stderr []byte
	err    error
}

// measure runs argv and times it from start to exit.
func measure(ctx context.Context, env []string, argv ...string) result {
	return measureHook(ctx, env, nil, argv...)
}

// measureHook is measure that calls started (if set) once the process runs.
func measureHook(ctx context.Context, env []string, started func(), argv ...string) result {
	return measureCmd(ctx, env, "", started, argv...)
}

// measureIn is measure with dir as the working directory.
func measureIn(ctx context.Context, env []string, dir string, argv ...string) result {
	return measureCmd(ctx, env, dir, nil, argv...)
}

func measureCmd(ctx context.Context, env []string, dir string, started func(), argv ...string) result {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if env != nil {
		cmd.Env = env
	}
	t0 := time.Now()
	err := cmd.Start()
	if err == nil {
		if started != nil {
			started()
		}
		err = cmd.Wait()
	}
	r := result{wall: time.Since(t0), stdout: out.Bytes(), stderr: errOut.Bytes(), err: err}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = float64(ru.Maxrss) / 1024 // KiB on Linux
			r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
		}
	}
	return r
}
