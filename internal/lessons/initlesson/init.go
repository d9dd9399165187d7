// Package initlesson is the `init` lesson (Go has no package init): init
// containers run one at a time, in order, to completion, before the app
// container starts.
package initlesson

import (
	"embed"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts, its errors (err.*) among them.
var words = text.MustLoad(files)

const (
	pod     = "myapp-pod"
	app     = "myapp-container"
	failPod = "myapp-fail"
	// order prints when each container started and finished.
	order = `{range .status.initContainerStatuses[*]}{.name}{"\t"}{.state.terminated.startedAt}{"\t"}{.state.terminated.finishedAt}{"\n"}{end}` +
		`{range .status.containerStatuses[*]}{.name}{"\t"}{.state.running.startedAt}{"\n"}{end}`
)

// Facts the lesson learns.
const (
	failState lessons.Fact[string] = "fail.app-state" // the app container's state while an init container fails
	orderOK   lessons.Fact[bool]   = "order.ok"       // the containers started in order
)

// Lesson is the `init` lesson.
var Lesson = &lessons.Lesson{
	Name:    "init",
	Chapter: 3,
	Text:    words,
	Tasks:   tasks,
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			{Key: "create", Do: []lessons.Action{
				lessons.Create("init-myapp.yaml"), lessons.Wait(pod, initRunning(0, 2)), lessons.Get(""), lessons.Draw(pod),
			}},
			{Key: "waiting", Do: []lessons.Action{lessons.FollowLog(pod, "init-myservice", 1, nil).Until("waiting for myservice").Tail(6).Ended(tooSoon).Once()}},
			// mydb is made before init-mydb first asks for it: a name looked
			// up too early would keep its "no such name" answer in CoreDNS's
			// cache for another 30 s (docs/bench.md, "init").
			{Key: "myservice", Do: []lessons.Action{lessons.Create("init-myservice.yaml"), lessons.Get("")}},
			{Key: "mydb", Do: []lessons.Action{
				lessons.Create("init-mydb.yaml"), lessons.Wait(pod, lessons.Ready), lessons.Get(""), lessons.Draw(pod),
				lessons.Logs(pod, "init-mydb", 0), lessons.Logs(pod, app, 0),
			}},
			{Key: "order", Do: []lessons.Action{
				lessons.Get("jsonpath="+order, pod),
				lessons.WithPod("", pod, checkOrder),
			}},
			{Key: "describe", Do: []lessons.Action{lessons.Describe(pod)}},
			{Key: "fail", Do: []lessons.Action{
				lessons.Create("init-fail.yaml"), lessons.Wait(failPod, status("Init:CrashLoopBackOff")), lessons.Get(""),
				lessons.Logs(failPod, "init-config", 0),
				lessons.Get("jsonpath={.status.containerStatuses[0].state}", failPod).Into(failState),
				lessons.Delete(failPod),
			}},
			{Key: "recap"},
		}
	},
}

// status waits until `kubectl get pods` shows STATUS want.
func status(want string) lessons.Cond {
	return lessons.Cond{Key: "wait.status", Facts: text.Facts{"Status": want}, Failing: strings.Contains(want, "Error") || strings.Contains(want, "BackOff"),
		Fn: func(p *corev1.Pod) (bool, error) { return kube.PodStatus(p) == want, nil }}
}

// initRunning waits for STATUS Init:n/of with init container n running.
func initRunning(n, of int) lessons.Cond {
	want := fmt.Sprintf("Init:%d/%d", n, of)
	return lessons.Cond{Key: "wait.status", Facts: text.Facts{"Status": want}, Fn: func(p *corev1.Pod) (bool, error) {
		if err := tooSoon(p); err != nil {
			return false, err
		}
		if kube.PodStatus(p) != want || len(p.Status.InitContainerStatuses) <= n {
			return false, nil
		}
		return p.Status.InitContainerStatuses[n].State.Running != nil, nil
	}}
}

// tooSoon says why the first init container finished before its Service
// was made: the cluster DNS still had the name from an earlier run.
func tooSoon(p *corev1.Pod) error {
	if len(p.Status.InitContainerStatuses) == 0 {
		return nil
	}
	if t := p.Status.InitContainerStatuses[0].State.Terminated; t != nil && t.ExitCode == 0 {
		return words.Err("err.init.dns", nil)
	}
	return nil
}

// step is one container's run, for the order check.
type step struct {
	name          string
	start, finish time.Time
}

// checkOrder reads the Pod's container times and says whether each
// container started only after the one before it finished.
func checkOrder(v lessons.View, p *corev1.Pod) (report.Output, error) {
	var steps []step
	for _, c := range p.Status.InitContainerStatuses {
		t := c.State.Terminated
		if t == nil {
			return report.Output{}, words.Err("err.init.notfinished", text.Facts{"Pod": pod, "Container": c.Name})
		}
		steps = append(steps, step{c.Name, t.StartedAt.Time, t.FinishedAt.Time})
	}
	for _, c := range p.Status.ContainerStatuses {
		if c.State.Running == nil {
			return report.Output{}, words.Err("err.init.notrunning", text.Facts{"Pod": pod, "Container": c.Name})
		}
		steps = append(steps, step{name: c.Name, start: c.State.Running.StartedAt.Time})
	}
	inits := len(p.Status.InitContainerStatuses)
	if inits == 0 || len(steps) == inits {
		return report.Output{}, words.Err("err.init.nothingtocompare", text.Facts{"Pod": pod})
	}
	created := p.CreationTimestamp.Time
	rel := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return fmt.Sprintf("+%ds", int(t.Sub(created).Round(time.Second).Seconds()))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %-8s %s\n", "CONTAINER", "STARTED", "FINISHED")
	inOrder := true
	for i, st := range steps {
		fmt.Fprintf(&b, "%-16s %-8s %s\n", st.name, rel(st.start), rel(st.finish))
		if i > 0 && i < inits && st.start.Before(steps[i-1].finish) {
			inOrder = false
		}
	}
	if steps[len(steps)-1].start.Before(steps[inits-1].finish) {
		inOrder = false
	}
	orderOK.Set(v, inOrder)
	key := "order.ok"
	if !inOrder {
		key = "order.wrong"
	}
	return report.Quoted(b.String() + "\n").Say(v.Line(key, nil)), nil
}
