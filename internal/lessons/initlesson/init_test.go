package initlesson

import (
	"bytes"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		out := lessontest.DryRun(t, Lesson, lang)
		for _, want := range []string{"kind: Service", "name: myservice", "name: mydb", "initContainers:", "kubectl delete pod myapp-fail"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the plan lacks %q", lang, want)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, Lesson, "order.ok", "order.wrong")
}

// The manifests hold the classic example: two init containers that look up
// the two Services, and a failing one.
func TestManifests(t *testing.T) {
	p, ok := lessontest.Manifest(t, "init-myapp.yaml")[0].(*corev1.Pod)
	if !ok || p.Name != pod || len(p.Spec.InitContainers) != 2 || p.Spec.Containers[0].Name != app {
		t.Fatalf("init-myapp.yaml: %+v", p)
	}
	for i, svc := range []string{"myservice", "mydb"} {
		if cmd := strings.Join(p.Spec.InitContainers[i].Command, " "); !strings.Contains(cmd, "nslookup "+svc+".") {
			t.Errorf("init container %d does not look up %s: %s", i, svc, cmd)
		}
		s, ok := lessontest.Manifest(t, "init-"+svc+".yaml")[0].(*corev1.Service)
		if !ok || s.Name != svc {
			t.Errorf("init-%s.yaml holds no Service %s", svc, svc)
		}
	}
	f, ok := lessontest.Manifest(t, "init-fail.yaml")[0].(*corev1.Pod)
	if !ok || f.Name != failPod || len(f.Spec.InitContainers) != 1 || !strings.Contains(strings.Join(f.Spec.InitContainers[0].Command, " "), "exit 1") {
		t.Errorf("init-fail.yaml: %+v", f)
	}
}

func initPod(times ...int) *corev1.Pod {
	created := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(s int) metav1.Time { return metav1.NewTime(created.Add(time.Duration(s) * time.Second)) }
	done := func(name string, start, end int) corev1.ContainerStatus {
		return corev1.ContainerStatus{Name: name, State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", StartedAt: at(start), FinishedAt: at(end)}}}
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: pod, Namespace: "kpod", CreationTimestamp: at(0)},
		Spec: corev1.PodSpec{InitContainers: []corev1.Container{{Name: "init-myservice"}, {Name: "init-mydb"}},
			Containers: []corev1.Container{{Name: app}}},
		Status: corev1.PodStatus{
			InitContainerStatuses: []corev1.ContainerStatus{done("init-myservice", times[0], times[1]), done("init-mydb", times[2], times[3])},
			ContainerStatuses:     []corev1.ContainerStatus{{Name: app, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at(times[4])}}}},
		},
	}
}

func TestCheckOrder(t *testing.T) {
	for _, tc := range []struct {
		times []int
		ok    bool
	}{
		{[]int{1, 30, 31, 33, 34}, true},
		{[]int{1, 30, 29, 33, 34}, false}, // the second started before the first finished
		{[]int{1, 30, 31, 33, 32}, false}, // the app started before the last init container finished
	} {
		var facts bytes.Buffer
		s := lessons.NewSession(runenv.Env{Lang: "en", Namespace: "kpod", Clock: clock.RealClock{}}, Lesson, lessons.Config{}, func(since func() time.Duration) report.Reporter { return report.NewJSON(&facts, since) })
		out, err := checkOrder(s.View(), initPod(tc.times...))
		if err != nil {
			t.Fatal(err)
		}
		want := "started only after the one before it had finished"
		if !tc.ok {
			want = "The times overlap"
		}
		if !strings.Contains(out.Text, want) || !strings.Contains(out.Text, "init-mydb        +31s") && tc.ok {
			t.Errorf("%v: no %q in\n%s", tc.times, want, out.Text)
		}
		if !strings.Contains(facts.String(), `"value":`+map[bool]string{true: "true", false: "false"}[tc.ok]) {
			t.Errorf("%v: fact order.ok: %s", tc.times, facts.String())
		}
	}
}

func TestConditions(t *testing.T) {
	p := initPod(1, 30, 31, 33, 34)
	p.Status.InitContainerStatuses[0].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	p.Status.InitContainerStatuses[1].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}
	p.Status.ContainerStatuses[0].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}
	if ok, _ := initRunning(0, 2).Fn(p); !ok {
		t.Errorf("Init:0/2 with the first init container running: got STATUS %s", kube.PodStatus(p))
	}
	if ok, _ := status("Init:1/2").Fn(p); ok {
		t.Error("Init:1/2 too early")
	}
	p.Status.InitContainerStatuses[0].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}
	p.Status.InitContainerStatuses[1].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	if ok, _ := status("Init:1/2").Fn(p); !ok {
		t.Errorf("want Init:1/2, got %s", kube.PodStatus(p))
	}
	// A name the DNS still remembers lets the first init container finish
	// before its Service exists: kpod says so rather than wait in vain.
	early := initPod(1, 2, 3, 4, 5)
	if _, err := initRunning(0, 2).Fn(early); err == nil || !strings.Contains(err.Error(), "30 seconds") {
		t.Errorf("an init container done too soon: %v", err)
	}
	if !status("Init:CrashLoopBackOff").Failing || status("Init:1/2").Failing {
		t.Error("only the failing wait expects failing containers")
	}
}
