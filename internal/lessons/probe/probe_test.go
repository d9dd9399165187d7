package probe

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	utilexec "k8s.io/client-go/util/exec"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// The plan of every mechanism shows, in both languages, with no cluster.
func TestDryRun(t *testing.T) {
	for _, m := range Lesson.Options[0].Choices {
		for _, lang := range text.Languages {
			v := Lesson.Defaults()
			v["mechanism"] = m
			out := lessontest.DryRunWith(t, Lesson, lang, v)
			for _, want := range []string{"kubectl create -f " + mechanisms[m].file, strings.Join(mechanisms[m].breakIt, " "), "kubectl describe pod " + mechanisms[m].pod} {
				if !strings.Contains(out, want) {
					t.Errorf("%s/%s: the plan lacks %q", m, lang, want)
				}
			}
			if strings.Contains(out, "{{") {
				t.Errorf("%s/%s: an unfilled template in the plan:\n%s", m, lang, out)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, Lesson, "opt.mechanism", "check.ok", "check.failed", "prediction", "broke", "compare.broke", "compare.first",
		"compare.killing", "compare.finished", "compare.started", "compare.inside", "compare.early", "compare.late",
		"compare.sigkill", "compare.sigterm")
}

func pod(t *testing.T, file string) *corev1.Pod {
	t.Helper()
	objs := lessontest.Manifest(t, file)
	if len(objs) != 1 {
		t.Fatalf("%s: %v objects", file, len(objs))
	}
	p, ok := objs[0].(*corev1.Pod)
	if !ok {
		t.Fatalf("%s holds a %T", file, objs[0])
	}
	return p
}

// The manifests hold what the texts say: short timings for the lesson's
// Pods, none at all for the defaults Pod, and one mechanism each.
func TestManifests(t *testing.T) {
	d := pod(t, "liveness-defaults.yaml").Spec.Containers[0].LivenessProbe
	if d == nil || d.HTTPGet == nil || d.PeriodSeconds+d.InitialDelaySeconds+d.TimeoutSeconds+d.SuccessThreshold+d.FailureThreshold != 0 {
		t.Errorf("liveness-defaults.yaml must leave every timing unset: %+v", d)
	}
	for name, m := range mechanisms {
		p := pod(t, m.file)
		if p.Name != m.pod || len(p.Spec.Containers) != 1 || p.Spec.Containers[0].Name != m.container {
			t.Errorf("%s: want pod %s with container %s", m.file, m.pod, m.container)
			continue
		}
		pr := p.Spec.Containers[0].LivenessProbe
		if pr == nil || pr.PeriodSeconds != 2 || pr.FailureThreshold != 2 || pr.SuccessThreshold != 1 || pr.TimeoutSeconds != 1 {
			t.Errorf("%s: probe %+v", m.file, pr)
			continue
		}
		got := map[string]bool{"http": pr.HTTPGet != nil, "tcp": pr.TCPSocket != nil, "exec": pr.Exec != nil}
		if !got[name] {
			t.Errorf("%s: not a %s probe", m.file, name)
		}
		if g := p.Spec.TerminationGracePeriodSeconds; g == nil || *g > 5 {
			t.Errorf("%s: a short terminationGracePeriodSeconds keeps the restart quick", m.file)
		}
	}
}

func TestWindow(t *testing.T) {
	for _, tc := range []struct {
		period, failures int32
		early, late      time.Duration
	}{{10, 3, 20 * time.Second, 31 * time.Second}, {2, 2, 2 * time.Second, 5 * time.Second}, {5, 1, 0, 6 * time.Second}} {
		e, l := kube.FailureWindow(&corev1.Probe{PeriodSeconds: tc.period, FailureThreshold: tc.failures, TimeoutSeconds: 1})
		if e != tc.early || l != tc.late {
			t.Errorf("period %d, failures %d: got %s..%s, want %s..%s", tc.period, tc.failures, e, l, tc.early, tc.late)
		}
	}
}

type recorder struct {
	report.Reporter
	facts    map[string]any
	commands []string
}

func (r *recorder) Fact(k string, v any) { r.facts[k] = v }
func (r *recorder) Command(cmd string)   { r.commands = append(r.commands, cmd) }

func session(t *testing.T, now time.Time, exec kube.ExecFunc, objs ...runtime.Object) (*lessons.Session, *recorder) {
	t.Helper()
	rep := &recorder{Reporter: report.NewHuman(&bytes.Buffer{}), facts: map[string]any{}}
	c := fake.NewClientset(objs...)
	env := runenv.Env{Lang: "en", Namespace: "kpod", Clock: clocktesting.NewFakeClock(now), Clients: &kube.Clients{Client: c, Exec: exec}}
	return lessons.NewSession(env, Lesson, lessons.Config{}, lessontest.ReportTo(rep)), rep
}

// compare lines up the break with the cluster's own times and judges the
// prediction.
func TestCompare(t *testing.T) {
	broke := time.Date(2026, 1, 1, 10, 0, 0, 300e6, time.UTC)
	at := func(s int) metav1.Time {
		return metav1.NewTime(broke.Truncate(time.Second).Add(time.Duration(s) * time.Second))
	}
	grace := int64(2)
	p := pod(t, "liveness-exec.yaml")
	p.Namespace, p.UID = "kpod", "u1"
	p.Spec.TerminationGracePeriodSeconds = &grace
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", RestartCount: 1, Ready: true,
		State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(6)}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "Error", FinishedAt: at(6)}}}}
	event := func(name, reason, msg string, first, last metav1.Time, n int32) *corev1.Event {
		return &corev1.Event{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kpod"}, Reason: reason, Message: msg, Count: n,
			FirstTimestamp: first, LastTimestamp: last, InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: p.Name, UID: "u1"}}
	}
	for _, tc := range []struct {
		killing int
		want    string
	}{{4, "gave up 4s after the break: inside the predicted 2s to 5s"}, {6, "inside the predicted"}, {8, "later than the predicted"}, {0, "sooner than the predicted"}} {
		s, rep := session(t, broke, nil, p,
			event("e1", "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy'", at(2), at(tc.killing), 2),
			event("e2", "Killing", "Container app failed liveness probe, will be restarted", at(tc.killing), at(tc.killing), 1))
		out, err := compareAt(context.Background(), s.View(), mechanisms["exec"], broke)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{tc.want, "+2s    first failed probe", "failure 2: Killing", "exit code 137", "grace period (2s)", "PID 1 here is `sh`"} {
			if !strings.Contains(out.Text, want) {
				t.Errorf("killing at +%ds: no %q in\n%s", tc.killing, want, out.Text)
			}
		}
		if rep.facts["observed.killing"] == nil {
			t.Error("no observed.killing fact")
		}
	}
	// An httpGet probe's container runs its image's entrypoint, not a shell.
	web := pod(t, "liveness-http.yaml")
	spec := kube.ContainerSpec(web, mechanisms["http"].container)
	s, _ := session(t, broke, nil)
	for lang, want := range map[string]string{"en": "PID 1 is the entrypoint of image nginx:", "ko": "PID 1은 nginx:"} {
		s.Env.Lang = lang
		got := s.View().Line("compare.pid1", text.Facts{"File": "liveness-http.yaml", "Command": kube.PID1(spec), "Image": spec.Image}).Text
		if !strings.Contains(got, want) || strings.Contains(got, "`sh`") {
			t.Errorf("%s: liveness-http's PID 1 told as %q, want %q", lang, got, want)
		}
	}
	// Before the restart there is nothing to compare yet.
	p.Status.ContainerStatuses = nil
	s, _ = session(t, broke, nil, p)
	if _, err := compareAt(context.Background(), s.View(), mechanisms["exec"], broke); err == nil {
		t.Error("compare before the restart should fail")
	}
}

// The check shows the exit code the kubelet would judge by.
func TestCheck(t *testing.T) {
	code := 0
	exec := func(_ context.Context, _, _, _ string, cmd []string) (string, string, error) {
		if code != 0 {
			return "", "cat: can't open '/tmp/healthy': No such file or directory\n", utilexec.CodeExitError{Err: errors.New("command terminated with non-zero exit code"), Code: code}
		}
		return "", "", nil
	}
	s, rep := session(t, time.Now(), exec)
	steps := map[string][]lessons.Action{}
	for _, st := range Lesson.Steps(lessons.Values{"mechanism": "exec"}) {
		steps[st.Key] = st.Do
	}
	a := steps["check-exec"][0]
	out, err := s.Act(context.Background(), a)
	if got := rep.commands; len(got) != 1 || got[0] != "kubectl exec liveness-exec -n kpod -- cat /tmp/healthy" {
		t.Errorf("commands shown: %q", got)
	}
	if err != nil || !strings.Contains(out.Text, "exit code 0: the check passes") {
		t.Errorf("healthy: %q, %v", out.Text, err)
	}
	code = 1
	out, err = s.Act(context.Background(), a)
	if err != nil || !strings.Contains(out.Text, "can't open") || !strings.Contains(out.Text, "exit code 1: the check fails") {
		t.Errorf("unhealthy: %q, %v", out.Text, err)
	}
	// Breaking it must work; a failed break stops the lesson.
	br := steps["break-exec"][0]
	if _, err := s.Act(context.Background(), br); err == nil {
		t.Error("a break that exits 1 should fail")
	}
	code = 0
	if _, err := s.Act(context.Background(), br); err != nil {
		t.Errorf("break: %v", err)
	}
	if at, ok := breaking.At().Get(s); !ok || at.IsZero() {
		t.Errorf("break: no time, %v", at)
	}
}

// Every Pod of the lesson is created in its first step, whatever the
// mechanism.
func TestTogether(t *testing.T) {
	for _, m := range Lesson.Options[0].Choices {
		lessontest.CreatedFirst(t, Lesson, lessons.Values{"mechanism": m})
	}
}

// The recap's commands to try are the chosen mechanism's own, in both
// languages.
func TestRecapTriesTheMechanism(t *testing.T) {
	for name, m := range mechanisms {
		steps, err := Lesson.StepsFor(lessons.Values{"mechanism": name})
		if err != nil {
			t.Fatal(err)
		}
		recap := steps[len(steps)-1]
		for _, lang := range []string{"en", "ko"} {
			out, missing, err := text.Render(words.Get(lang, recap.Key).Body, text.Scene{}.Funcs(nil), recap.Facts)
			if err != nil || len(missing) > 0 {
				t.Fatalf("%s %s: %v, missing %v", name, lang, err, missing)
			}
			want := "kubectl exec " + m.pod + " -- " + strings.Join(m.breakIt, " ")
			if !strings.Contains(out, want) || name != "http" && strings.Contains(out, "liveness-http") {
				t.Errorf("%s %s: the commands to try are not %s's (want %q):\n%s", name, lang, m.pod, want, out)
			}
		}
	}
}

// The prediction's two sums end where their results begin, whatever the
// numbers and the language.
func TestPredictionLinesUp(t *testing.T) {
	s, _ := session(t, time.Now(), nil)
	for _, lang := range text.Languages {
		s.Env.Lang = lang
		for _, v := range [][3]int32{{3, 1, 1}, {3, 10, 1}, {12, 10, 30}} {
			got := s.View().Line("prediction", text.Facts{"Period": v[1], "Failures": v[0], "Timeout": v[2], "Delay": 2, "Early": "2s", "Late": "5s"}).Text
			var at []int
			for _, l := range strings.Split(got, "\n") {
				if strings.Contains(l, "× periodSeconds") {
					at = append(at, ui.Width(l[:strings.LastIndex(l, "=")]))
				}
			}
			if len(at) != 2 || at[0] != at[1] {
				t.Errorf("%s %v: the results do not line up (columns %v):\n%s", lang, v, at, got)
			}
		}
	}
}

// The create step shows the Liveness: line as `kubectl describe pod | grep
// Liveness:` does; a Pod without the probe is an error that names its field.
func TestLivenessLine(t *testing.T) {
	p := pod(t, "liveness-http.yaml")
	p.Namespace = "kpod"
	s, _ := session(t, time.Now(), nil, p)
	out, err := s.Act(context.Background(), probeLine(p.Name, "Liveness"))
	if want := "    Liveness:       " + kube.DescribeProbe(p.Spec.Containers[0].LivenessProbe); err != nil || out.Text != want {
		t.Errorf("got %q, %v\nwant %q", out.Text, err, want)
	}
	if _, err := s.Act(context.Background(), probeLine(p.Name, "Startup")); err == nil || !strings.Contains(err.Error(), "startupProbe") {
		t.Errorf("no startupProbe: %v", err)
	}
}
