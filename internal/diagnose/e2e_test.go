//go:build e2e

package diagnose_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	watchtools "k8s.io/client-go/tools/watch"
	"k8s.io/client-go/util/jsonpath"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

func image(role, def string) string {
	if v := os.Getenv("KPOD_IMAGE_" + strings.ToUpper(role)); v != "" {
		return v
	}
	return def
}

// Real Pods that go wrong in each way kpod diagnoses; kpod why must name
// the cause, and every piece of evidence it cites must be in the cluster.
func TestWhyOnRealPods(t *testing.T) {
	c := lessontest.Client(t)
	ns := lessontest.Namespace
	ctx := context.Background()
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil && !strings.Contains(err.Error(), "already exists") {
		t.Fatal(err)
	}
	web, shell := image("web", "nginx:1.30-alpine"), image("shell", "busybox:1.37")
	grace := int64(1)
	one := func(name string, spec corev1.PodSpec) *corev1.Pod {
		spec.TerminationGracePeriodSeconds = &grace
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app.kubernetes.io/managed-by": "kpod", "kpod.dev/test": "why"}}, Spec: spec}
	}
	badImage := strings.SplitN(web, ":", 2)[0] + ":no-such-tag"
	cases := []struct {
		pod    *corev1.Pod
		ready  func(*corev1.Pod) bool // the state to diagnose has been reached
		events []string               // Events to wait for too
		want   string
		check  func(t *testing.T, d diagnose.Diagnosis)
	}{{
		pod: one("why-image", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: badImage}}}),
		ready: func(p *corev1.Pod) bool {
			s := kube.ContainerStatus(p, "web")
			return s != nil && s.State.Waiting != nil && (s.State.Waiting.Reason == "ErrImagePull" || s.State.Waiting.Reason == "ImagePullBackOff")
		},
		events: []string{"Failed"}, want: diagnose.ImagePull,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Image != badImage || d.Facts.Tag != "no-such-tag" || !strings.Contains(d.Cause, badImage) {
				t.Errorf("image: %+v", d)
			}
		},
	}, {
		pod: one("why-crash", corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sh", "-c", "echo about to fail; exit 3"}}}}),
		ready: func(p *corev1.Pod) bool {
			s := kube.ContainerStatus(p, "app")
			return s != nil && s.RestartCount >= 1 && s.State.Waiting != nil && s.State.Waiting.Reason == "CrashLoopBackOff"
		},
		want: diagnose.CrashLoop,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.ExitCode != 3 || d.Facts.LogLine != "about to fail" {
				t.Errorf("crash: %+v", d)
			}
		},
	}, {
		pod: one("why-liveness", corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: web,
			Ports: []corev1.ContainerPort{{ContainerPort: 80}},
			LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(8080)}},
				PeriodSeconds: 1, FailureThreshold: 1, TimeoutSeconds: 1}}}}),
		ready: func(p *corev1.Pod) bool {
			s := kube.ContainerStatus(p, "web")
			return s != nil && s.RestartCount >= 1
		},
		events: []string{"Unhealthy", "Killing"}, want: diagnose.ProbeFailing,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Variant != "wrong-port" || d.Facts.Port != "8080" || d.Facts.Ports != "80" || d.Facts.Probe != "liveness" {
				t.Errorf("probe: %+v", d)
			}
		},
	}, {
		pod: one("why-too-big", corev1.PodSpec{Containers: []corev1.Container{{Name: "shell", Image: shell, Command: []string{"sleep", "3600"},
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100")}}}}}),
		ready:  func(p *corev1.Pod) bool { return kube.Condition(p, corev1.PodScheduled) == corev1.ConditionFalse },
		events: []string{"FailedScheduling"}, want: diagnose.Unschedulable,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Variant != "insufficient" || d.Facts.Resource != "cpu" || d.Facts.Request != "100" {
				t.Errorf("scheduling: %+v", d)
			}
		},
	}, {
		pod: one("why-init", corev1.PodSpec{
			InitContainers: []corev1.Container{{Name: "wait-db", Image: shell, Command: []string{"sh", "-c",
				"until nslookup no-such-db.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for no-such-db; sleep 1; done"}}},
			Containers: []corev1.Container{{Name: "app", Image: shell, Command: []string{"sleep", "3600"}}}}),
		ready: func(p *corev1.Pod) bool {
			s := kube.ContainerStatus(p, "wait-db")
			return s != nil && s.State.Running != nil && time.Since(s.State.Running.StartedAt.Time) > 3*time.Second
		},
		want: diagnose.InitStuck,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Variant != "dns" || !strings.HasPrefix(d.Facts.Host, "no-such-db."+ns+".") {
				t.Errorf("init: %+v", d)
			}
		},
	}, {
		pod: one("why-oom", corev1.PodSpec{Containers: []corev1.Container{{Name: "hog", Image: shell,
			Command:   []string{"sh", "-c", "echo reading; head -c 200m /dev/zero | tail"},
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}}}),
		ready: func(p *corev1.Pod) bool {
			// The end kpod reads (the current one, else the last) says
			// OOMKilled. containerd may report a later kill of the child
			// process as Error, 137, when it misses the OOM event (seen on
			// kind nodes); then the cluster does not say OOMKilled either.
			s := kube.ContainerStatus(p, "hog")
			if s == nil {
				return false
			}
			end := s.State.Terminated
			if end == nil {
				end = s.LastTerminationState.Terminated
			}
			return end != nil && end.Reason == "OOMKilled"
		},
		want: diagnose.OOMKilled,
		check: func(t *testing.T, d diagnose.Diagnosis) {
			if d.Facts.Limit != "64Mi" || d.Facts.ExitCode != 137 {
				t.Errorf("oom: %+v", d)
			}
		},
	}}
	for _, tc := range cases {
		p := tc.pod
		_ = c.CoreV1().Pods(ns).Delete(ctx, p.Name, metav1.DeleteOptions{GracePeriodSeconds: &grace})
		if err := kube.WaitGone(ctx, c, ns, p.Name, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = c.CoreV1().Pods(ns).Delete(context.Background(), p.Name, metav1.DeleteOptions{GracePeriodSeconds: &grace})
		})
	}
	for _, tc := range cases {
		t.Run(tc.pod.Name, func(t *testing.T) {
			t.Parallel()
			name := tc.pod.Name
			if _, err := kube.WaitPod(ctx, c, ns, name, 3*time.Minute, func(p *corev1.Pod) (bool, error) { return tc.ready(p), nil }); err != nil {
				t.Fatal(err)
			}
			for _, reason := range tc.events {
				waitEvent(t, c, ns, name, reason)
			}
			r := lessontest.Kpod(t, "why", name, "-n", ns, "-o", "json")
			var d diagnose.Diagnosis
			if err := json.Unmarshal([]byte(r.Stdout), &d); err != nil || r.Code != 0 {
				t.Fatalf("kpod why: exit %d, %v\n%s%s", r.Code, err, r.Stdout, r.Stderr)
			}
			if d.Case != tc.want {
				t.Fatalf("case %s/%s, want %s: %s", d.Case, d.Variant, tc.want, d.Cause)
			}
			tc.check(t, d)
			for _, e := range d.Evidence {
				inCluster(t, c, ns, name, e)
			}
			// A crash-looping Pod moves on between the two calls (waiting,
			// then terminated again), so the evidence may differ: the
			// diagnosis must not.
			human := lessontest.Kpod(t, "why", name, "-n", ns)
			if human.Code != 0 || !strings.Contains(human.Stdout, d.Title) || !strings.Contains(human.Stdout, "$ kubectl ") {
				t.Errorf("kpod why for people:\n%s%s", human.Stdout, human.Stderr)
			}
		})
	}
}

// waitEvent watches until an Event with reason is about the Pod.
func waitEvent(t *testing.T, c kubernetes.Interface, ns, pod, reason string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := watchtools.UntilWithSync(ctx, kube.EventListWatch(c, ns), &corev1.Event{}, nil, func(e watch.Event) (bool, error) {
		ev, ok := e.Object.(*corev1.Event)
		return ok && ev.InvolvedObject.Name == pod && ev.Reason == reason, nil
	})
	if err != nil {
		t.Fatalf("no %s Event about pod/%s: %v", reason, pod, err)
	}
}

// inCluster checks, with client-go, that what the evidence says is there.
func inCluster(t *testing.T, c kubernetes.Interface, ns, name string, e diagnose.Evidence) {
	t.Helper()
	ctx := context.Background()
	switch e.Kind {
	case "event":
		list, err := c.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range list.Items {
			if ev.InvolvedObject.Name == name && ev.Reason == e.Reason && strings.TrimSpace(ev.Message) == e.Text {
				return
			}
		}
		t.Errorf("no Event %s %q about pod/%s in the cluster", e.Reason, e.Text, name)
	case "field":
		jp := jsonpath.New("field")
		if err := jp.Parse(e.Field); err != nil {
			t.Fatalf("evidence field %s: %v", e.Field, err)
		}
		var got string
		// The status may move on (ErrImagePull, ImagePullBackOff...): wait on the watch until it says it again.
		_, err := kube.WaitPod(ctx, c, ns, name, time.Minute, func(p *corev1.Pod) (bool, error) {
			obj, err := runtime.DefaultUnstructuredConverter.ToUnstructured(p)
			if err != nil {
				return false, err
			}
			var b bytes.Buffer
			if err := jp.Execute(&b, obj); err != nil {
				return false, nil
			}
			got = b.String()
			return got == e.Text, nil
		})
		if err != nil {
			t.Errorf("field %s is %q in the cluster, kpod said %q: %v", e.Field, got, e.Text, err)
		}
	case "logs":
		out, err := c.CoreV1().Pods(ns).GetLogs(name, &corev1.PodLogOptions{Container: e.Container, Previous: e.Previous}).DoRaw(ctx)
		if err != nil {
			t.Fatalf("logs: %v", err)
		}
		lines := strings.Split(e.Text, "\n")
		if !strings.Contains(string(out), lines[len(lines)-1]) {
			t.Errorf("logs of %s lack %q:\n%s", e.Container, lines[len(lines)-1], out)
		}
	default:
		t.Errorf("evidence of unknown kind: %s", fmt.Sprint(e))
	}
}
