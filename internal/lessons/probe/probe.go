// Package probe shows a livenessProbe healing a Pod: kpod makes the
// container unhealthy on purpose, predicts when the kubelet will restart it,
// watches it happen, and compares.
package probe

import (
	"context"
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

// Facts the lesson learns.
const (
	breaking          lessons.ExecFacts     = "broke" // the command that broke the container; breaking.At() is when
	predictedEarliest lessons.Fact[float64] = "predicted.earliest"
	predictedLatest   lessons.Fact[float64] = "predicted.latest"
	observedKilling   lessons.Fact[float64] = "observed.killing"
	startupStatus     lessons.Fact[string]  = "startup.status" // the startup-probed container's started and restartCount
)

// probeDefault is the fact holding the value the API server filled in for
// one of the probe's fields.
func probeDefault(field string) lessons.Fact[int32] { return lessons.Fact[int32]("defaults." + field) }

// mechanism is one kind of liveness check and how the lesson breaks it.
type mechanism struct {
	file, pod, container string
	check                []string // the probe's check, done by hand in the container
	breakIt              []string // what makes the container unhealthy
}

var mechanisms = map[string]mechanism{
	"http": {file: "liveness-http.yaml", pod: "liveness-http", container: "web",
		check:   []string{"wget", "--spider", "http://127.0.0.1:80/index.html"},
		breakIt: []string{"rm", "/usr/share/nginx/html/index.html"}},
	"tcp": {file: "liveness-tcp.yaml", pod: "liveness-tcp", container: "server",
		check:   []string{"nc", "-w", "1", "127.0.0.1", "8080"},
		breakIt: []string{"killall", "nc"}},
	"exec": {file: "liveness-exec.yaml", pod: "liveness-exec", container: "app",
		check:   []string{"cat", "/tmp/healthy"},
		breakIt: []string{"rm", "/tmp/healthy"}},
}

// Lesson is the `probe` lesson.
var Lesson = &lessons.Lesson{
	Name:    "probe",
	Chapter: 2,
	Text:    words,
	Tasks:   tasks,
	Options: []lessons.Option{{Name: "mechanism", Default: "http", Choices: []string{"http", "tcp", "exec"}, Usage: "opt.mechanism"}},
	Steps: func(v lessons.Values) []lessons.Step {
		name := v.Get("mechanism")
		m := mechanisms[name]
		check := func() lessons.Action { return lessons.Exec(m.pod, "", m.check...).Outcome("check.ok", "check.failed") }
		steps := []lessons.Step{
			{Key: "defaults", Do: append(createAll(m.file),
				lessons.Wait(defaultsPod, lessons.Ready),
				lessons.Get("jsonpath={.spec.containers[0].livenessProbe}", defaultsPod).Then(showDefaults),
				lessons.Delete(defaultsPod),
			)},
			{Key: "explain", Do: []lessons.Action{lessons.Explain("pod.spec.containers.livenessProbe")}},
			{Key: "create-" + name, Do: []lessons.Action{
				lessons.Wait(m.pod, lessons.Ready), probeLine(m.pod, "Liveness"),
			}},
			{Key: "check-" + name, Do: []lessons.Action{check()}},
			{Key: "predict", Do: []lessons.Action{lessons.WithPod("", m.pod, m.predict)}},
			{Key: "break-" + name, Do: []lessons.Action{
				lessons.Exec(m.pod, "", m.breakIt...).MustSucceed().Into(breaking).Then(broke), check(),
				lessons.Wait(m.pod, restarted(m.container)),
				lessons.Wait(m.pod, readyAgain(m.container)),
				lessons.Draw(m.pod),
				lessons.DrawTimeline(m.pod),
			}},
			{Key: "compare", Do: []lessons.Action{lessons.Do("", m.compare)}},
			{Key: "describe", Do: []lessons.Action{lessons.Describe(m.pod)}},
			{Key: "events", Do: []lessons.Action{lessons.Events(m.pod)}},
			{Key: "healed-" + name, Do: []lessons.Action{check(), lessons.Get("")}},
			{Key: "previous", Do: []lessons.Action{lessons.Logs(m.pod, m.container, 6).Previous()}},
		}
		steps = append(steps, otherProbes()...)
		return append(steps, lessons.Step{Key: "recap", Facts: text.Facts{"Pod": m.pod, "Break": strings.Join(m.breakIt, " ")}})
	},
}

// showDefaults lists the five values the API server filled in.
func showDefaults(v lessons.View, pods []corev1.Pod) (report.Output, error) {
	probe, err := probeOf(&pods[0], "Liveness")
	if err != nil {
		return report.Output{}, err
	}
	out := "\n\n"
	for _, f := range kube.ProbeTimings(probe) {
		probeDefault(f.Name).Set(v, f.Value)
		out += fmt.Sprintf("%-20s %d\n", f.Name, f.Value)
	}
	return report.Quoted(out), nil
}

// broke says when kpod broke the container.
func broke(v lessons.View, r lessons.ExecResult) (report.Output, error) {
	return report.Quoted(r.Output()).Say(v.Line("broke", text.Facts{"At": r.At.Local().Format("15:04:05")})), nil
}

func (m mechanism) predict(v lessons.View, p *corev1.Pod) (report.Output, error) {
	probe, err := probeOf(p, "Liveness")
	if err != nil {
		return report.Output{}, err
	}
	early, late := kube.FailureWindow(probe)
	predictedEarliest.Set(v, early.Seconds())
	predictedLatest.Set(v, late.Seconds())
	return report.Output{}.Say(v.Line("prediction", text.Facts{
		"Period": probe.PeriodSeconds, "Failures": probe.FailureThreshold, "Delay": probe.InitialDelaySeconds, "Timeout": probe.TimeoutSeconds,
		"FromStart": time.Duration(probe.InitialDelaySeconds+probe.FailureThreshold*probe.PeriodSeconds) * time.Second,
		"Early":     early, "Late": late,
	})), nil
}

// compare lines up what kpod predicted with what the cluster recorded.
func (m mechanism) compare(ctx context.Context, v lessons.View) (report.Output, error) {
	at, ok := breaking.At().Get(v)
	if !ok {
		return report.Output{}, words.Err("err.probe.notbroken", text.Facts{"Pod": m.pod})
	}
	return compareAt(ctx, v, m, at)
}

func compareAt(ctx context.Context, v lessons.View, m mechanism, broke time.Time) (report.Output, error) {
	p, events, err := v.PodWithEvents(ctx, m.pod)
	if err != nil {
		return report.Output{}, err
	}
	probe, err := probeOf(p, "Liveness")
	if err != nil {
		return report.Output{}, err
	}
	c, spec := kube.ContainerStatus(p, m.container), kube.ContainerSpec(p, m.container)
	if c == nil || spec == nil || c.LastTerminationState.Terminated == nil || c.State.Running == nil {
		return report.Output{}, words.Err("err.probe.notrestarted", text.Facts{"Pod": m.pod, "Container": m.container})
	}
	unhealthy, killing := kube.ProbeEvents(events, "Liveness")
	if unhealthy == nil || killing == nil {
		return report.Output{}, words.Err("err.probe.noevents", text.Facts{"Pod": m.pod})
	}
	term := c.LastTerminationState.Terminated
	killed := kube.EventLast(killing)
	early, late := kube.FailureWindow(probe)
	o := text.Facts{"Count": kube.EventCount(unhealthy), "Took": max(killed.Sub(broke), 0).Round(time.Second), "Early": early, "Late": late,
		"ExitCode": term.ExitCode, "Reason": term.Reason, "Stop": term.FinishedAt.Sub(killed).Round(time.Second), "Grace": "",
		"File": m.file, "Command": kube.PID1(spec), "Image": spec.Image}
	if g := p.Spec.TerminationGracePeriodSeconds; g != nil {
		o["Grace"] = time.Duration(*g) * time.Second
	}
	var b report.Output
	for _, r := range []struct {
		key string
		at  time.Time
	}{
		{"compare.broke", broke},
		{"compare.first", kube.EventFirst(unhealthy)},
		{"compare.killing", killed},
		{"compare.finished", term.FinishedAt.Time},
		{"compare.started", c.State.Running.StartedAt.Time},
	} {
		b = b.Quote(fmt.Sprintf("%s  %-6s ", r.at.Local().Format("15:04:05"), fmt.Sprintf("%+ds", int(r.at.Sub(broke).Round(time.Second).Seconds())))).Say(v.Line(r.key, o)).Quote("\n")
	}
	took := killed.Sub(broke)
	observedKilling.Set(v, took.Round(time.Millisecond).Seconds())
	// Event times are whole seconds: allow one either way.
	key := "compare.inside"
	switch {
	case took < early-time.Second:
		key = "compare.early"
	case took > late+time.Second:
		key = "compare.late"
	}
	b = b.Quote("\n").Say(v.Line(key, o)).Quote("\n")
	if term.ExitCode == 137 {
		return b.Say(v.Line("compare.sigkill", o)).Quote(" ").Say(v.Line("compare.pid1", o)), nil
	}
	return b.Say(v.Line("compare.sigterm", o)), nil
}

// The lesson's Pods: the defaults one, then those of the readiness and
// startup steps (what the two other probes do).
const (
	defaultsPod            = "liveness-defaults"
	readyPod, readyService = "readiness-web", "readiness-web"
	startupPod             = "startup-slow"
	page                   = "/usr/share/nginx/html/index.html"
)

// createAll creates the lesson's Pods at once: none waits for another.
func createAll(liveness string) []lessons.Action {
	return []lessons.Action{lessons.Create("liveness-defaults.yaml"), lessons.Create(liveness), lessons.Create("readiness-http.yaml"), lessons.Create("startup-exec.yaml")}
}

// otherProbes are the steps of the readiness and startup probes, on the
// Pods createAll made with the liveness ones.
func otherProbes() []lessons.Step {
	return []lessons.Step{
		{Key: "readiness", Do: []lessons.Action{
			lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "unready", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page, page+".off"),
			lessons.Wait(readyPod, notReadyRunning("web")),
			lessons.WaitEndpoint(readyService, readyPod, false),
			lessons.Get(""),
		}},
		{Key: "ready-again", Do: []lessons.Action{
			lessons.Exec(readyPod, "", "mv", page+".off", page),
			lessons.Wait(readyPod, lessons.Ready),
			lessons.WaitEndpoint(readyService, readyPod, true),
		}},
		{Key: "startup", Do: []lessons.Action{
			lessons.Wait(startupPod, lessons.Ready),
			lessons.Get(`jsonpath={.status.containerStatuses[0].started} restartCount={.status.containerStatuses[0].restartCount}`+"\n", startupPod).Into(startupStatus),
		}},
	}
}
