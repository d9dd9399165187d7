package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/ui"
)

// kpod draw draws the Pod named, from the lessons' namespace unless -n says
// otherwise; a missing Pod is one line naming where it looked.
func TestDraw(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod"},
		Spec:   corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.30-alpine"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.244.0.7"}}
	c := fake.NewClientset(pod)

	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, context.Background(), "draw", "web", "--width", "80")
	if r.code != 0 || !strings.Contains(r.out, "pod/web") || !strings.Contains(r.out, "node-1") || !strings.Contains(r.out, "nginx") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr: %s", r.code, r.out, r.err)
	}
	for _, l := range strings.Split(strings.TrimRight(r.out, "\n"), "\n") {
		if len([]rune(l)) > 80 {
			t.Errorf("line wider than --width 80: %q", l)
		}
	}

	app, _, _ = newApp(fakeConnect(c))
	r = run(t, app, context.Background(), "draw", "web", "-o", "json")
	var rec struct{ Schema, Type, Pod string }
	if r.code != 0 || json.Unmarshal([]byte(r.out), &rec) != nil || rec.Type != "draw" || rec.Pod != "web" {
		t.Fatalf("-o json: exit %d, %q", r.code, r.out)
	}

	app, _, _ = newApp(fakeConnect(c))
	r = run(t, app, context.Background(), "draw", "web", "-n", "default")
	if r.code != 1 || !strings.Contains(r.err, "default") || strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
		t.Fatalf("missing Pod: exit %d, stderr %q", r.code, r.err)
	}
	for _, args := range [][]string{{"draw"}, {"draw", "a", "b"}} {
		app, _, _ = newApp(fakeConnect(c))
		if r := run(t, app, context.Background(), args...); r.code == 0 || !strings.Contains(r.err, "POD") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
}

// On a terminal kpod draw paints with the printer's theme: --theme light
// gives the light palette's colours, not colours of draw's own.
func TestDrawTakesTheTheme(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod"},
		Spec:   corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.30-alpine"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.244.0.7"}}
	for _, theme := range []string{"light", "dark"} {
		app, _, _ := newApp(fakeConnect(fake.NewClientset(pod)))
		app.Streams.OutTTY = true
		env := map[string]string{"TERM": "xterm-256color", "COLORTERM": "truecolor"}
		app.Getenv = func(k string) string { return env[k] }
		r := run(t, app, context.Background(), "draw", "web", "--width", "80", "--theme", theme)
		env["KPOD_THEME"] = theme
		want := ui.Styled(io.Discard, app.Getenv).Title("pod/web")
		if r.code != 0 || !strings.Contains(r.out, want) {
			t.Errorf("--theme %s: exit %d, no %q in\n%q", theme, r.code, want, r.out)
		}
	}
}
