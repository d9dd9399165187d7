package lessons

import (
	"bytes"
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Logs shows a container's log, like `kubectl logs POD -c C`.
func Logs(pod, container string, tail int64) *LogsAction {
	return &LogsAction{pod: pod, container: container, tail: tail}
}

// LogsAction is the action Logs makes.
type LogsAction struct {
	pod, container string
	tail           int64
	previous       bool
	empty          string // the text said for an empty log (Empty)
}

// Previous shows the log of the container's previous run, the one that
// ended (`--previous`), and reports it as the fact previous-logs.POD.
func (a *LogsAction) Previous() *LogsAction { a.previous = true; return a }

// Empty says the text key instead of nothing when the log is empty.
func (a *LogsAction) Empty(key string) *LogsAction { a.empty = key; return a }

// Plan of kubectl logs: with --previous, the fact of what it printed.
func (a *LogsAction) Plan() (Plan, error) {
	if a.previous {
		return learns(string(previousLogs(a.pod))), nil
	}
	return Plan{}, nil
}

func (a *LogsAction) show(s *Session) string {
	cmd := "logs " + s.fill(a.pod)
	if a.container != "" {
		cmd += " -c " + a.container
	}
	if a.tail > 0 {
		cmd += fmt.Sprintf(" --tail=%d", a.tail)
	}
	if a.previous {
		cmd += " --previous"
	}
	return s.kubectl(cmd)
}

func (a *LogsAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	opts := &corev1.PodLogOptions{Container: a.container, Previous: a.previous}
	if a.tail > 0 {
		opts.TailLines = &a.tail
	}
	// The run the Pod's status names as ended, as the request goes out.
	asked := s.timeline.Pod(pod)
	var ended string
	if asked != nil {
		ended = lastEnded(asked, a.container)
	}
	b, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).GetLogs(pod, opts).DoRaw(ctx)
	var out report.Output
	if err == nil && a.previous && bytes.HasPrefix(b, []byte("unable to retrieve container logs")) && asked != nil {
		// The container ended again as the request went out. Until the
		// status names that end, --previous means the run before it, which
		// the kubelet may have removed; while the status says the container
		// ended (until it starts again, after its back-off) the run that
		// ended is its current one, which the log without --previous shows.
		wctx, cancel := context.WithTimeout(ctx, s.Config.Timeout)
		p, werr := s.timeline.Until(wctx, pod, func(p *corev1.Pod) (bool, error) {
			return lastEnded(p, a.container) != ended || endedNow(p, a.container), nil
		})
		cancel()
		switch {
		case werr != nil:
		case lastEnded(p, a.container) != ended:
			b, err = s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).GetLogs(pod, opts).DoRaw(ctx)
		default:
			now := *opts
			now.Previous = false
			b, err = s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).GetLogs(pod, &now).DoRaw(ctx)
			out = out.Note(ui.Info, s.line("ui.logs.ended", text.Facts{"Pod": pod, "Namespace": s.Env.Namespace}))
		}
	}
	if err != nil {
		return report.Output{}, words.Err("err.lesson.logs", text.Facts{"Pod": pod, "Previous": a.previous}).Because(kube.Explain(err))
	}
	if a.previous {
		previousLogs(pod).Set(s, string(b))
	}
	if len(b) == 0 && a.empty != "" {
		return out.Say(s.line(a.empty, nil)), nil
	}
	return out.Quote(string(b)), nil
}

// endedNow says whether the container's current run has ended (and not
// started again).
func endedNow(p *corev1.Pod, container string) bool {
	c := logged(p, container)
	return c != nil && c.State.Terminated != nil
}
