package runenv

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A Pod's IP and node and a role's image, as known; what is not known
// reads <what> and is told to unknown.
func TestPodFuncs(t *testing.T) {
	web := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.PodSpec{NodeName: "n1"}}
	pod := func(name string) *corev1.Pod {
		if name == "web" {
			return web
		}
		return nil
	}
	var told []string
	f := PodFuncs(ImageSet{"web": "nginx:1"}, pod, func(fn, arg string) { told = append(told, fn+" "+arg) })
	got := []string{f["image"]("web"), f["image"]("db"), f["node"]("web"), f["ip"]("web"), f["node"]("gone")}
	if want := "nginx:1 <db-image> n1 <web-ip> <gone-node>"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	if want := "image db, ip web, node gone"; strings.Join(told, ", ") != want {
		t.Errorf("told %q, want %q", strings.Join(told, ", "), want)
	}
	if got := PodFuncs(nil, pod, nil)["image"]("web"); got != "<web-image>" {
		t.Errorf("no images and no one told: %q", got)
	}
}
