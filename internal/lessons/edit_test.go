package lessons

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/ui"
)

const editManifest = `apiVersion: v1
kind: Pod
metadata:
  name: edited
spec:
  containers:
  - name: web
    image: nginx:1.30-alpine
    env:
    - name: FROM_FILE
      value: "1"
`

func TestCreateEdited(t *testing.T) {
	files := fstest.MapFS{"pod-edit.yaml": {Data: []byte(editManifest)}}
	edited := func(edit func(View, runtime.Object) (report.Output, error)) Action {
		return &createAction{fsys: files, file: "pod-edit.yaml", edit: edit}
	}

	s := testSession()
	s.Lesson.Name, s.Env.Namespace = "edit", "ns"
	s.Env.Images = runenv.Images(map[string]string{"web": "local/web:1"}, func(string) string { return "" })
	client := s.Env.Clients.Client
	a := edited(func(_ View, obj runtime.Object) (report.Output, error) {
		pod := obj.(*corev1.Pod)
		pod.Spec.Containers[0].Env[0].Name = "FROM_LESSON"
		return report.Output{}.Note(ui.Info, report.Plain("renamed")), nil
	})
	if got, want := a.show(s), "kubectl create -f pod-edit.yaml -n ns"; got != want {
		t.Errorf("Show = %q, want %q", got, want)
	}
	if p, err := a.Plan(); err != nil || p.File != "pod-edit.yaml" {
		t.Errorf("Plan = %q, %v: the dry run would not show the file", p.File, err)
	}
	line, err := a.run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if line.Text != "pod/edited created" || len(line.Notes) != 1 || line.Notes[0].At != 0 {
		t.Errorf("Run said %q, notes %+v", line.Text, line.Notes)
	}
	pod, err := client.CoreV1().Pods("ns").Get(context.Background(), "edited", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := pod.Spec.Containers[0]
	if c.Env[0].Name != "FROM_LESSON" || c.Image != "local/web:1" || pod.Labels[kube.ManagedBy] != kube.ManagedByValue {
		t.Errorf("created %+v with labels %v", c, pod.Labels)
	}
	if len(s.undo.made) != 1 {
		t.Errorf("made %v, want the Pod recorded for cleanup", s.undo.made)
	}

	// An edit that fails stops the action before anything is sent.
	fail := edited(func(View, runtime.Object) (report.Output, error) { return report.Output{}, errors.New("no") })
	if _, err := fail.run(context.Background(), s); err == nil {
		t.Error("a failing edit did not fail the action")
	}
}
