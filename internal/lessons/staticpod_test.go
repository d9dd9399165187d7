package lessons

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// The file kpod writes for a static Pod: the lesson's namespace, labels and
// images, and kpod's two annotations.
func TestStampStatic(t *testing.T) {
	data, err := fs.ReadFile(examples.FS, "static-web.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := testSession()
	s.Lesson.Name = "static"
	s.Env.Images = runenv.Images(map[string]string{"web": "kpod.local/web:1.0"}, func(string) string { return "" })
	s.Env.Clock = clocktesting.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	out, name, err := s.stampStatic(data, "/etc/kubernetes/manifests/kpod-kpod-static-web.yaml")
	if err != nil || name != "static-web" {
		t.Fatalf("stampStatic: %q, %v", name, err)
	}
	objs, err := Decode([]byte(out.Text))
	if err != nil || len(objs) != 1 {
		t.Fatalf("the file does not decode: %v\n%s", err, out.Text)
	}
	p := objs[0].(*corev1.Pod)
	if p.Name != "static-web" || p.Namespace != "kpod" || p.Labels[kube.ManagedBy] != kube.ManagedByValue || p.Labels[kube.LessonLabel] != "static" || p.Labels["app"] != "static-web" {
		t.Errorf("wrong name, namespace or labels: %+v", p.ObjectMeta)
	}
	if p.Annotations[node.StaticFileAnnotation] != "/etc/kubernetes/manifests/kpod-kpod-static-web.yaml" || p.Annotations[writtenAnnotation] != "2026-01-01T00:00:00Z" {
		t.Errorf("kpod's annotations: %v", p.Annotations)
	}
	if img := p.Spec.Containers[0].Image; img != "kpod.local/web:1.0" {
		t.Errorf("image = %s, want the web role's", img)
	}
	if g := p.Spec.TerminationGracePeriodSeconds; g == nil || *g != 1 {
		t.Errorf("terminationGracePeriodSeconds = %v, want 1", g)
	}
	for lang, want := range map[string]string{
		"en": "# Written by kpod's static lesson. The kubelet runs this Pod while the file is here.\n",
		"ko": "# kpod의 static 실습이 쓴 파일입니다. 이 파일이 있는 동안 kubelet이 이 파드를 실행합니다.\n",
	} {
		s.Env.Lang = lang
		out, _, _ := s.stampStatic(data, "/etc/kubernetes/manifests/kpod-kpod-static-web.yaml")
		if head, _, _ := strings.Cut(out.Text, "apiVersion:"); head != want {
			t.Errorf("%s: the file opens with %q, want %q", lang, head, want)
		}
		// The output carries the comment with its key: a replay says it again in its language.
		if ps := out.Said; len(ps) != 1 || ps[0].Key != "ui.static.file" || ps[0].At != 0 || ps[0].Text+"\n" != want {
			t.Errorf("%s: the comment is not said with its key: %+v", lang, ps)
		}
	}
}
