package patterns_test

import (
	"context"
	"io"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/patterns"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

func keys(t *testing.T, v lessons.Values) string {
	t.Helper()
	steps, err := patterns.Lesson.StepsFor(v)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range steps {
		out = append(out, st.Key)
	}
	return strings.Join(out, " ")
}

// --pattern picks the steps; every choice ends with when each one fits.
func TestPatternOption(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"sidecar", "together sidecar sidecar-visit sidecar-file sidecar-ship sidecar-native when"},
		{"adapter", "together adapter adapter-before adapter-after when"},
		{"ambassador", "together ambassador-backends ambassador ambassador-ask ambassador-switch ambassador-ask-again when"},
	} {
		if got := keys(t, lessons.Values{"pattern": tc.pattern}); got != tc.want {
			t.Errorf("--pattern %s: steps %q, want %q", tc.pattern, got, tc.want)
		}
	}
	all := keys(t, nil) // no --pattern: the default, all
	for _, p := range patterns.Patterns {
		if !strings.Contains(all, p) {
			t.Errorf("the default runs no %s: %s", p, all)
		}
	}
	if _, err := patterns.Lesson.StepsFor(lessons.Values{"pattern": "proxy"}); text.Key(err) != "err.lesson.choice" {
		t.Errorf("--pattern proxy: %v, want it refused", err)
	}
	s := lessons.NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, patterns.Lesson, lessons.Config{Values: lessons.Values{"pattern": "proxy"}, DryRun: true}, lessontest.ReportTo(report.NewHuman(io.Discard)))
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), `invalid value "proxy" for --pattern`) {
		t.Errorf("a dry run with --pattern proxy: %v, want it refused", err)
	}
}

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		for _, p := range append(append([]string{}, patterns.Patterns...), "all") {
			out := lessontest.DryRunWith(t, patterns.Lesson, lang, lessons.Values{"pattern": p})
			if p == "all" {
				for _, want := range []string{"kubectl logs sidecar -c log-shipper -n kpod", "wget -qO- 'http://<adapter-ip>:9100/metrics'",
					"kubectl patch configmap ambassador-config", "kubectl exec ambassador -c app -n kpod -- wget -qO- http://localhost:9000/"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s dry run lacks %q:\n%s", lang, want, out)
					}
				}
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, patterns.Lesson)
}

// The manifests hold what the steps use: shared volumes, the adapter's
// port, the ambassador's ConfigMap key and the two backend Services.
func TestManifests(t *testing.T) {
	objs := map[string]any{}
	for _, file := range []string{"pod-sidecar.yaml", "pod-adapter.yaml", "pod-ambassador-backends.yaml", "configmap-ambassador.yaml", "pod-ambassador.yaml"} {
		for _, o := range lessontest.Manifest(t, file) {
			switch o := o.(type) {
			case *corev1.Pod:
				objs["pod/"+o.Name] = o
			case *corev1.Service:
				objs["service/"+o.Name] = o
			case *corev1.ConfigMap:
				objs["configmap/"+o.Name] = o
			}
		}
	}
	for _, want := range []string{"pod/sidecar", "pod/adapter", "pod/ambassador", "pod/backend-production", "pod/backend-local",
		"service/backend-production", "service/backend-local", "configmap/ambassador-config"} {
		if objs[want] == nil {
			t.Errorf("no %s in the manifests", want)
		}
	}
	for _, name := range []string{"pod/sidecar", "pod/adapter"} {
		p := objs[name].(*corev1.Pod)
		if len(p.Spec.Volumes) != 1 || p.Spec.Volumes[0].EmptyDir == nil {
			t.Errorf("%s: want one emptyDir volume, got %+v", name, p.Spec.Volumes)
		}
		for _, c := range p.Spec.Containers {
			if len(c.VolumeMounts) != 1 || c.VolumeMounts[0].Name != p.Spec.Volumes[0].Name {
				t.Errorf("%s: container %s does not mount the shared volume", name, c.Name)
			}
		}
	}
	cm := objs["configmap/ambassador-config"].(*corev1.ConfigMap)
	amb := objs["pod/ambassador"].(*corev1.Pod)
	ref := amb.Spec.Containers[1].Env[0].ValueFrom.ConfigMapKeyRef
	if ref.Name != cm.Name || cm.Data[ref.Key] != "backend-production" {
		t.Errorf("the ambassador reads %s/%s; the ConfigMap is %s with %v", ref.Name, ref.Key, cm.Name, cm.Data)
	}
	for _, env := range []string{"production", "local"} {
		svc := objs["service/backend-"+env].(*corev1.Service)
		pod := objs["pod/backend-"+env].(*corev1.Pod)
		for k, v := range svc.Spec.Selector {
			if pod.Labels[k] != v {
				t.Errorf("service/backend-%s does not select pod/backend-%s", env, env)
			}
		}
	}
}

// The ambassador is often drawn in front of the app, taking requests from
// outside; the step says out loud that this is a reverse proxy and that the
// pattern's ambassador carries the app's connections outward.
func TestAmbassadorFacesOutward(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"reverse proxy", "faces outward", "talks only to\nlocalhost"},
		"ko": {"리버스 프록시", "바깥을 향하는 쪽은 앰배서더", "나가는 연결"},
	} {
		body := patterns.Lesson.Text.Get(lang, "ambassador").Body
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s ambassador step lacks %q:\n%s", lang, w, body)
			}
		}
	}
}

// Every pattern's Pods are created in the first step; only the ambassador
// is made again, after the switch.
func TestTogether(t *testing.T) {
	for _, p := range append(append([]string{}, patterns.Patterns...), "all") {
		var later []string
		if p == "ambassador" || p == "all" {
			later = []string{"pod-ambassador.yaml"}
		}
		lessontest.CreatedFirst(t, patterns.Lesson, lessons.Values{"pattern": p}, later...)
	}
}
