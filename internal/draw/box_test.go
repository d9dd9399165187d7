package draw

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A read-only mount's mark wraps whole under its path: a Korean replay
// showed "(읽기 전용" on one line and ")" alone on the next.
func TestReadOnlyMarkWrapsWhole(t *testing.T) {
	m := corev1.VolumeMount{Name: "token", MountPath: "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnly: true}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{Containers: []corev1.Container{
		{Name: "web", VolumeMounts: []corev1.VolumeMount{m}}, {Name: "log", VolumeMounts: []corev1.VolumeMount{m}}}}}
	for _, lang := range []string{"en", "ko"} {
		d := &drawer{o: Options{Lang: lang}}
		mark := strings.ReplaceAll(d.word("drawing.read-only", nil), nbsp, " ")
		line := "    " + d.mounts(pod, "token")
		for w := 40; w <= 80; w++ {
			got := wrap(line, w, "    ")
			if !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, mark) }) {
				t.Errorf("%s, %d columns: %q cut %q", lang, w, got, mark)
			}
		}
	}
}
