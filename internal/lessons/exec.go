package lessons

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilexec "k8s.io/client-go/util/exec"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// ExecResult is how a command in a container ended.
type ExecResult struct {
	Stdout, Stderr string
	ExitCode       int
	At             time.Time // when it ended
}

// Output is what the command printed, stdout then stderr, ending in a newline.
func (r ExecResult) Output() string {
	out := r.Stdout + r.Stderr
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

// exec runs cmd in a container, like `kubectl exec`. A command that ran and
// failed is a result (ExitCode), not an error; err says the exec itself
// could not happen (no such Pod or container, no such command, no answer).
func (s *Session) exec(ctx context.Context, pod, container string, cmd []string) (ExecResult, error) {
	out, errOut, err := s.Env.Clients.Exec(ctx, s.Env.Namespace, pod, container, cmd)
	r := ExecResult{Stdout: out, Stderr: errOut, At: s.Env.Time()}
	var exit utilexec.ExitError
	switch {
	case err == nil:
		return r, nil
	case errors.As(err, &exit):
		r.ExitCode = exit.ExitStatus()
		return r, nil
	}
	return r, words.Err("err.lesson.exec", text.Facts{"Pod": pod, "Why": strings.TrimSpace(errOut + " " + err.Error())})
}

// ServiceCheck is a Check that, while the Service named service has a
// cluster IP, runs cmd in a container of pod and lets judge compare what it
// printed with that IP: a lesson's question about a Service, asked from
// inside a Pod, with no client of its own. A command that fails finds nothing.
func ServiceCheck(pod, container, service string, cmd []string, judge func(v View, ip, out string) (report.Line, bool)) Check {
	return func(ctx context.Context, v View) (report.Line, bool) {
		s := v.s
		svc, err := s.Env.Clients.Client.CoreV1().Services(s.Env.Namespace).Get(ctx, service, metav1.GetOptions{})
		if err != nil || svc.Spec.ClusterIP == "" {
			return report.Line{}, false
		}
		r, err := s.exec(ctx, s.fill(pod), container, cmd)
		if err != nil || r.ExitCode != 0 {
			return report.Line{}, false
		}
		return judge(v, svc.Spec.ClusterIP, r.Stdout)
	}
}

// Exec runs a command in a container, like `kubectl exec POD -c C -- CMD`,
// and shows what it printed. Arguments may read facts ({{ip "pod"}} ...).
// A non-zero exit code is shown the way kubectl shows it and the lesson goes
// on, unless MustSucceed.
func Exec(pod, container string, cmd ...string) *ExecAction {
	return &ExecAction{pod: pod, container: container, cmd: cmd}
}

// ExecAction is the action Exec makes; its methods tune it.
type ExecAction struct {
	pod, container string
	cmd            []string
	name           ExecFacts
	must           bool
	ok, failed     string
	sort           bool
	then           func(View, ExecResult) (report.Output, error)
}

// Into records the result as the facts of name: its exit code, output and
// end time.
func (a *ExecAction) Into(name ExecFacts) *ExecAction { a.name = name; return a }

// MustSucceed makes a non-zero exit code fail the lesson.
func (a *ExecAction) MustSucceed() *ExecAction { a.must = true; return a }

// Outcome shows, after the output, the text section ok when the command
// exited with 0 and failed otherwise, both filled with {{.ExitCode}}.
func (a *ExecAction) Outcome(ok, failed string) *ExecAction { a.ok, a.failed = ok, failed; return a }

// Sort shows the output's lines sorted, as `| sort` after the command does.
func (a *ExecAction) Sort() *ExecAction { a.sort = true; return a }

// Then hands the result to fn; what fn returns is shown instead of the output.
func (a *ExecAction) Then(fn func(View, ExecResult) (report.Output, error)) *ExecAction {
	a.then = fn
	return a
}

func (a *ExecAction) args(s *Session) []string {
	out := make([]string, len(a.cmd))
	for i, c := range a.cmd {
		out[i] = s.fill(c)
	}
	return out
}

// Plan says the Pod whose container the command changes, if it does, and
// the facts it learns (Into).
func (a *ExecAction) Plan() (Plan, error) {
	var p Plan
	if a.name != "" {
		p = learns(string(a.name.ExitCode()), string(a.name.Output()), string(a.name.At()))
	}
	if len(a.cmd) > 0 && slices.Contains(changing, a.cmd[0]) {
		p.Changes = a.pod
	}
	return p, nil
}

// changing are the commands that change a container rather than read from it.
var changing = []string{"rm", "mv", "kill", "killall", "touch"}

// show implements Action.
func (a *ExecAction) show(s *Session) string {
	c := ""
	if a.container != "" {
		c = " -c " + a.container
	}
	cmd := fmt.Sprintf("exec %s%s -- %s", s.fill(a.pod), c, shellescape.QuoteCommand(a.args(s)))
	if a.sort {
		cmd += " | sort"
	}
	return s.kubectl(cmd)
}

// run implements Action.
func (a *ExecAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	args := a.args(s)
	r, err := s.exec(ctx, pod, a.container, args)
	if err != nil {
		return report.Quoted(r.Output()), err
	}
	if a.sort {
		lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
		slices.Sort(lines)
		r.Stdout = strings.Join(lines, "\n") + "\n"
	}
	if a.name != "" {
		a.name.ExitCode().Set(s, r.ExitCode)
		a.name.Output().Set(s, r.Stdout)
		a.name.At().Set(s, r.At.UTC())
	}
	if a.must && r.ExitCode != 0 {
		return report.Quoted(r.Output()), words.Err("err.lesson.exit", text.Facts{"Pod": pod, "Command": shellescape.QuoteCommand(args), "Code": r.ExitCode})
	}
	out := report.Quoted(r.Output())
	switch {
	case a.then != nil:
		return a.then(View{s}, r)
	case a.ok != "" && r.ExitCode == 0:
		out = out.Say(s.line(a.ok, text.Facts{"ExitCode": r.ExitCode}))
	case a.failed != "" && r.ExitCode != 0:
		out = out.Say(s.line(a.failed, text.Facts{"ExitCode": r.ExitCode}))
	case r.ExitCode != 0:
		out = out.Quote(fmt.Sprintf("command terminated with exit code %d\n", r.ExitCode))
	}
	return out, nil
}
