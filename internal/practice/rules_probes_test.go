package practice_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/text"
)

// A liveness probe on an undeclared port is told by the port's number
// ("8080번 포트") or by its name ("http 포트"), never "http번".
func TestLivenessPortSaysNumberOrName(t *testing.T) {
	for _, c := range []struct {
		port   intstr.IntOrString
		en, ko string
	}{
		{intstr.FromInt32(8080), "knocks on port 8080,", "8080번 포트를 확인합니다."},
		{intstr.FromString("http"), "knocks on the port named http,", "http 포트를 확인합니다."},
	} {
		p := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name:          "web",
			Ports:         []corev1.ContainerPort{{ContainerPort: 80}},
			LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: c.port}}},
		}}}}
		p.Name = "x"
		w := practice.LivenessOnPort(t.Context(), nil, p)
		if w == nil || w.Key != "liveness-port" {
			t.Fatalf("port %s: got %+v, want liveness-port", c.port.String(), w)
		}
		w.Facts["Pod"] = "x"
		for lang, want := range map[string]string{"en": c.en, "ko": c.ko} {
			got, missing, err := text.Render(practice.Words().Get(lang, "why.liveness-port").Body, nil, w.Facts)
			if err != nil || len(missing) > 0 || !strings.Contains(got, want) {
				t.Errorf("%s, port %s: %q (missing %v, %v), want it to hold %q", lang, c.port.String(), got, missing, err, want)
			}
		}
	}
}

// A readiness probe on a port its container does not declare is told by
// the port's number or its name, in one sentence that names the container
// once.
func TestReadinessOtherSaysNumberOrName(t *testing.T) {
	for _, c := range []struct {
		port   intstr.IntOrString
		en, ko string
	}{
		{intstr.FromInt32(8080), "knocks on port 8080,", "web 컨테이너는 80번 포트를 선언했습니다. 그런데 준비성 프로브(readinessProbe)는 8080번 포트를 확인합니다."},
		{intstr.FromString("http"), "knocks on the port named http,", "준비성 프로브(readinessProbe)는 http 포트를 확인합니다."},
	} {
		p := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name:           "web",
			Ports:          []corev1.ContainerPort{{ContainerPort: 80}},
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: c.port}}},
		}}}}
		p.Name = "x"
		w := practice.OwnPorts(t.Context(), nil, p)
		if w == nil || w.Key != "readiness-other" {
			t.Fatalf("port %s: got %+v, want readiness-other", c.port.String(), w)
		}
		w.Facts["Pod"] = "x"
		for lang, want := range map[string]string{"en": c.en, "ko": c.ko} {
			got, missing, err := text.Render(practice.Words().Get(lang, "why.readiness-other").Body, nil, w.Facts)
			if err != nil || len(missing) > 0 || !strings.Contains(got, want) {
				t.Errorf("%s, port %s: %q (missing %v, %v), want it to hold %q", lang, c.port.String(), got, missing, err, want)
			}
		}
	}
}
