// Command pause is the sandbox process of every Pod on the kpod test cluster.
//
// It does what the Kubernetes pause container does: it holds the Pod's
// namespaces open by staying alive, reaps any zombie that gets reparented to
// it (it is PID 1 when the Pod shares its process namespace), and exits when
// it is asked to stop with SIGINT or SIGTERM.
//
// It uses the standard library only, so that it builds as a small static
// binary (CGO_ENABLED=0) that is the whole image: /pause.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const version = "kpod-pause 1.0"

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "-v" || os.Args[1] == "--version") {
		fmt.Println(version)
		return
	}
	if os.Getpid() != 1 {
		fmt.Fprintln(os.Stderr, "Warning: pause should be the first process")
	}

	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)

	for sig := range signals {
		switch sig {
		case syscall.SIGCHLD:
			reapChildren()
		default:
			fmt.Fprintf(os.Stderr, "Shutting down, got signal: %v\n", sig)
			os.Exit(0)
		}
	}
}

// reapChildren collects the exit status of every child that has ended, so no
// zombie stays behind. Signals coalesce, so one SIGCHLD may stand for many.
func reapChildren() {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}
