package lessons

import (
	"context"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// The actions here read the cluster for a lesson's own Go, so that a
// lesson looks at Pods and nodes by name and never holds a client.

// WithPod reads a Pod of the lesson's namespace, like `kubectl get pod
// NAME`, and hands it to fn; what fn returns is shown. show is the command
// a student would type ("" for none); show and pod may use templates.
func WithPod(show, pod string, fn func(View, *corev1.Pod) (report.Output, error)) Action {
	return do(show, Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		p, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).Get(ctx, s.fill(pod), metav1.GetOptions{})
		if err != nil {
			return report.Output{}, kube.Explain(err)
		}
		return fn(View{s}, p)
	})
}

// WithPods lists the Pods of namespace ns, like `kubectl get pods -n NS`,
// and hands them to fn, or the error that kept kpod from listing them.
func WithPods(show, ns string, fn func(View, []corev1.Pod, error) (report.Output, error)) Action {
	return do(show, Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		list, err := s.Env.Clients.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return fn(View{s}, nil, kube.Explain(err))
		}
		return fn(View{s}, list.Items, nil)
	})
}

// WithNodes lists the nodes, like `kubectl get nodes`, and hands them to
// fn, or the error that kept kpod from listing them. Shown as nothing
// (show ""), it takes the list the run read already, if any.
func WithNodes(show string, fn func(View, []corev1.Node, error) (report.Output, error)) Action {
	return do(show, Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		if show == "" && s.node.found.Nodes != nil {
			return fn(View{s}, s.node.found.Nodes, nil)
		}
		list, err := s.Env.Clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return fn(View{s}, nil, kube.Explain(err))
		}
		return fn(View{s}, list.Items, nil)
	})
}

// FollowLog reads a container's log as it grows, like `kubectl logs POD -c
// C -f`, until want lines that counts accepts have come (counts nil: every
// line), and shows what it read. Logs reach the API a moment after a
// program writes them, so a single read could come too early.
func FollowLog(pod, container string, want int, counts func(string) bool) *FollowAction {
	return &FollowAction{pod: pod, container: container, want: want, counts: counts}
}

// FollowAction is the action FollowLog makes.
type FollowAction struct {
	pod, container string
	want           int
	counts         func(string) bool
	wantFact       Fact[string]            // the fact holding want (Upto)
	as             Fact[int]               // the fact that gets the count (Into)
	once           bool                    // shown without -f (Once)
	line           string                  // the line waited for (Until)
	tail           int                     // lines shown (Tail)
	ended          func(*corev1.Pod) error // why the log ended first (Ended)
	seen           []lineCheck             // checks run on a line (When)
}

// lineCheck is a Check that runs once, on the first log line that
// contains has.
type lineCheck struct {
	has   string
	check Check
}

// Check looks at the cluster while a lesson waits; when it finds something
// worth saying, it returns the note and true.
type Check func(context.Context, View) (report.Line, bool)

// Once shows the command without -f: what a student runs once the lines
// are there. kpod still follows, for lines on their way.
func (a *FollowAction) Once() *FollowAction { a.once = true; return a }

// Upto reads want from a fact the run learned before: the number of lines
// in it.
func (a *FollowAction) Upto(f Fact[string]) *FollowAction { a.wantFact = f; return a }

// Into reports how many counted lines came as the fact f.
func (a *FollowAction) Into(f Fact[int]) *FollowAction { a.as = f; return a }

// Plan of a log followed: the fact of the count (Into).
func (a *FollowAction) Plan() (Plan, error) { return learns(string(a.as)), nil }

// Until counts only the lines that contain line (instead of counts). The
// wait names the line while it waits, and in its error if it never comes.
func (a *FollowAction) Until(line string) *FollowAction {
	a.line = line
	a.counts = func(l string) bool { return strings.Contains(l, line) }
	return a
}

// Tail shows only the last n lines read.
func (a *FollowAction) Tail(n int) *FollowAction { a.tail = n; return a }

// Ended sets why: when the log ends before enough lines came, why looks at
// the Pod and may return the reason (its container crashed, say).
func (a *FollowAction) Ended(why func(*corev1.Pod) error) *FollowAction { a.ended = why; return a }

// When runs check once, alongside the follow, on the first line that
// contains has, and shows its note while kpod keeps reading.
func (a *FollowAction) When(has string, check Check) *FollowAction {
	a.seen = append(a.seen, lineCheck{has, check})
	return a
}

func (a *FollowAction) show(s *Session) string {
	cmd := "logs " + s.fill(a.pod) + " -c " + a.container
	if !a.once {
		cmd += " -f"
	}
	return s.kubectl(cmd)
}

func (a *FollowAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	want := a.want
	if a.wantFact != "" {
		text, _ := a.wantFact.Get(s)
		want = strings.Count(text, "\n")
	}
	if want <= 0 {
		return report.Output{}, nil
	}
	w := s.wait()
	if a.line != "" {
		defer w.say("ui.waiting.log", text.Facts{"Pod": pod, "Container": a.container, "Line": a.line})()
	} else {
		defer w.say("ui.waiting", text.Facts{"Pod": pod, "Cond": w.text("wait.logs", nil)})()
	}
	wctx, cancel := context.WithTimeout(ctx, s.Config.Timeout)
	defer cancel()
	var lines []string
	n := 0
	var checks sync.WaitGroup
	started := make([]bool, len(a.seen))
	_, err := kube.FollowLog(wctx, s.Env.Clients.Client, s.Env.Namespace, pod, a.container, func(l string) bool {
		lines = append(lines, l)
		for i, c := range a.seen {
			if !started[i] && strings.Contains(l, c.has) {
				started[i] = true
				checks.Go(func() {
					if note, ok := c.check(wctx, View{s}); ok {
						s.Report.Note(ui.Info, note)
					}
				})
			}
		}
		if a.counts == nil || a.counts(l) {
			n++
		}
		return n >= want
	})
	checks.Wait()
	if a.as != "" {
		a.as.Set(s, n)
	}
	if a.tail > 0 {
		lines = lines[max(0, len(lines)-a.tail):]
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(l + "\n")
	}
	switch {
	case n >= want:
		return report.Quoted(out.String()), nil
	case ctx.Err() != nil:
		return report.Quoted(out.String()), ctx.Err()
	case err != nil && wctx.Err() == nil:
		return report.Quoted(out.String()), words.Err("err.lesson.logs", text.Facts{"Pod": pod, "Previous": false}).Because(err)
	}
	if a.ended != nil {
		if p, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).Get(ctx, pod, metav1.GetOptions{}); err == nil {
			if err := a.ended(p); err != nil {
				return report.Quoted(out.String()), err
			}
		}
	}
	switch {
	case a.line != "" && wctx.Err() != nil:
		return report.Quoted(out.String()), words.Err("err.lesson.nolog", text.Facts{"Pod": pod, "Container": a.container, "Line": a.line, "Wait": s.Config.Timeout})
	case a.line != "":
		return report.Quoted(out.String()), words.Err("err.lesson.logended", text.Facts{"Pod": pod, "Container": a.container, "Line": a.line})
	}
	return report.Quoted(out.String()), words.Err("err.lesson.lines", text.Facts{"Pod": pod, "Container": a.container, "Got": n, "Want": want, "Wait": s.Config.Timeout})
}

// logged returns the status of the named container ("" means the first
// one), or nil when the Pod has no container status yet.
func logged(p *corev1.Pod, container string) *corev1.ContainerStatus {
	for i, c := range p.Status.ContainerStatuses {
		if container == "" || c.Name == container {
			return &p.Status.ContainerStatuses[i]
		}
	}
	return nil
}

// lastEnded returns the container ID of the named container's last run
// that ended, as the Pod's status says ("" means the first container).
func lastEnded(p *corev1.Pod, container string) string {
	if c := logged(p, container); c != nil && c.LastTerminationState.Terminated != nil {
		return c.LastTerminationState.Terminated.ContainerID
	}
	return ""
}
