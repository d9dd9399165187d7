package lessons

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// The actions here read the cluster for a lesson's own Go, so that a
// lesson looks at Pods and nodes by name and never holds a client.

// WithPod reads a Pod of the lesson's namespace, like `kubectl get pod
// NAME`, and hands it to fn; what fn returns is shown. show is the command
// a student would type ("" for none); show and pod may use templates.
func WithPod(show, pod string, fn func(*Session, *corev1.Pod) (string, error)) Action {
	return Do(show, func(ctx context.Context, s *Session) (string, error) {
		p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, s.Expand(pod), metav1.GetOptions{})
		if err != nil {
			return "", kube.Explain(err)
		}
		return fn(s, p)
	})
}

// WithPods lists the Pods of namespace ns, like `kubectl get pods -n NS`,
// and hands them to fn, or the error that kept kpod from listing them.
func WithPods(show, ns string, fn func(*Session, []corev1.Pod, error) (string, error)) Action {
	return Do(show, func(ctx context.Context, s *Session) (string, error) {
		list, err := s.Clients.Client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return fn(s, nil, kube.Explain(err))
		}
		return fn(s, list.Items, nil)
	})
}

// WithNodes lists the nodes, like `kubectl get nodes`, and hands them to
// fn, or the error that kept kpod from listing them. Shown as nothing
// (show ""), it takes the list the run read already, if any.
func WithNodes(show string, fn func(*Session, []corev1.Node, error) (string, error)) Action {
	return Do(show, func(ctx context.Context, s *Session) (string, error) {
		if show == "" && s.node != nil && s.node.list != nil {
			return fn(s, s.node.list, nil)
		}
		list, err := s.Clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return fn(s, nil, kube.Explain(err))
		}
		return fn(s, list.Items, nil)
	})
}

// LogsUntil follows a container's log, like `kubectl logs POD -c C -f`,
// until a line containing line appears, then shows the last tail lines
// read. If the log ends first, ended (may be nil) may say why from the Pod.
func LogsUntil(pod, container, line string, tail int, ended func(*corev1.Pod) error) Action {
	return &logsUntilAction{pod: pod, container: container, line: line, tail: tail, ended: ended}
}

type logsUntilAction struct {
	pod, container, line string
	tail                 int
	ended                func(*corev1.Pod) error
}

func (a *logsUntilAction) Show(s *Session) string {
	return s.Kubectl(fmt.Sprintf("logs %s -c %s", a.pod, a.container))
}

func (a *logsUntilAction) Run(ctx context.Context, s *Session) (string, error) {
	done := s.Report.Waiting(s.Text("ui.waiting.log", text.Facts{"Pod": a.pod, "Container": a.container, "Line": a.line}))
	defer done()
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	var lines []string
	found, err := kube.FollowLog(ctx, s.Clients.Client, s.Namespace, a.pod, a.container, func(l string) bool {
		lines = append(lines, l)
		return strings.Contains(l, a.line)
	})
	if err != nil && ctx.Err() == nil {
		return "", Messages.Err("err.lesson.logs", text.Facts{"Pod": a.pod, "Previous": false}).Because(err)
	}
	if found {
		return strings.Join(lines[max(0, len(lines)-a.tail):], "\n"), nil
	}
	out := strings.Join(lines, "\n")
	if a.ended != nil {
		if p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, a.pod, metav1.GetOptions{}); err == nil {
			if err := a.ended(p); err != nil {
				return out, err
			}
		}
	}
	if ctx.Err() != nil && s.timeout() > 0 {
		return out, Messages.Err("err.lesson.nolog", text.Facts{"Pod": a.pod, "Container": a.container, "Line": a.line, "Wait": s.timeout()})
	}
	return out, Messages.Err("err.lesson.logended", text.Facts{"Pod": a.pod, "Container": a.container, "Line": a.line})
}

// lastEnded is the ID of the container's run that ended last, as the Pod's
// status says (container "": the first).
func lastEnded(p *corev1.Pod, container string) string {
	for _, c := range p.Status.ContainerStatuses {
		if container == "" || c.Name == container {
			if t := c.LastTerminationState.Terminated; t != nil {
				return t.ContainerID
			}
			return ""
		}
	}
	return ""
}
