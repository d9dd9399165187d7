package diagnose

import (
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
)

var backOff = regexp.MustCompile(`back-off (\S+) restarting`)

// oomKilled: the container went over its memory limit and the kernel
// killed it (kube.OOMKilled). Probably: exit 137 with reason Error, which
// kube.OOMKilled counts too, and here also a sign of the OOM killer (see
// probablyOOM).
type oomKilled struct{ probably bool }

func (o oomKilled) match(d *diag, c *ctr) bool {
	if !ended(c) || !kube.OOMKilled(c.spec, c.last) {
		return false
	}
	if o.probably {
		return c.last.Reason != "OOMKilled" && probablyOOM(d.in, c)
	}
	return c.last.Reason == "OOMKilled"
}

func (oomKilled) explain(d *diag, c *ctr) {
	last := c.last
	d.set(OOMKilled, "no-limit")
	f := &d.facts
	f.ExitCode, f.Reason = last.ExitCode, last.Reason
	f.Used = d.in.Used[c.status.Name]
	if c.spec != nil {
		if q, ok := c.spec.Resources.Limits[corev1.ResourceMemory]; ok {
			f.Limit = q.String()
			d.out.Variant = "limit"
		}
	}
	if last.Reason != "OOMKilled" {
		d.out.Variant = "probably"
	}
	if w := c.status.State.Waiting; w != nil {
		f.BackOff = backOffOf(w.Message)
	}
	d.addField(f.statusField(c.status.Name, terminatedField(c.status)+".reason"), last.Reason)
	if f.Limit != "" {
		d.addField(f.specField(c.status.Name, "resources.limits.memory"), f.Limit)
	}
	f.Previous = c.status.State.Terminated == nil
	f.LogLine = lastLine(d.addLogs(c.status.Name, f.Previous, nil))
}

// probablyOOM reports whether there is a sign of the OOM killer: an OOMKilled
// seen before, or a shell's "Killed" line.
func probablyOOM(in Input, c *ctr) bool {
	if in.OOMSeen[c.status.Name] {
		return true
	}
	for _, l := range strings.Split(in.Logs[c.status.Name], "\n") {
		if strings.TrimSpace(l) == "Killed" || strings.HasSuffix(strings.TrimSpace(l), ": Killed") {
			return true
		}
	}
	return false
}

// crashLoop: the container exits and the kubelet keeps restarting it.
type crashLoop struct{}

func (crashLoop) match(d *diag, c *ctr) bool { return c.last != nil && c.crashing }

func (crashLoop) explain(d *diag, c *ctr) {
	last := c.last
	variant := "exit"
	switch {
	case c.init && sidecar(d.pod, c.status.Name):
		variant = "sidecar"
	case c.init:
		variant = "init"
	case c.status.State.Terminated != nil && d.pod.Spec.RestartPolicy == corev1.RestartPolicyNever:
		variant = "failed"
	case last.ExitCode == 0:
		variant = "completed"
	}
	d.set(CrashLoop, variant)
	f := &d.facts
	f.ExitCode, f.Reason = last.ExitCode, last.Reason
	if c.spec != nil {
		f.Command = command(c.spec.Command, c.spec.Args)
	}
	if w := c.status.State.Waiting; w != nil {
		f.BackOff = backOffOf(w.Message)
	}
	d.addField(f.statusField(c.status.Name, terminatedField(c.status)+".exitCode"), strconv.Itoa(int(last.ExitCode)))
	d.addEvent(d.lastEvent(c.status.Name, nil, "BackOff"))
	f.Previous = c.status.State.Terminated == nil
	f.LogLine = lastLine(d.addLogs(c.status.Name, f.Previous, nil))
}
