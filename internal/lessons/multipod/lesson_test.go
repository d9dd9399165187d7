package multipod_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/multipod"
)

// exec and logs go to the container the student names with -c.
func TestMultipodOnFakeCluster(t *testing.T) {
	exec := &lessontest.FakeExec{Answers: map[string]string{"hostname -i": "10.244.0.2\n", "wget -qO- http://localhost:80": "<html>hi</html>\n"}}
	text, _ := lessontest.FakeRun(t, multipod.Lesson, nil, exec)
	for _, want := range []string{
		"$ kubectl exec multipod -c nginx-container -n kpod -- hostname -i",
		"$ kubectl exec multipod -c shell-container -n kpod -- hostname -i",
		"$ kubectl logs multipod -c nginx-container --tail=5 -n kpod",
		"<html>hi</html>",
		"$ kpod draw multipod -n kpod",
		"node node-1 · IP 10.244.0.2",
		"Deleted pod/multipod",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	want := []string{
		"multipod/nginx-container: hostname -i",
		"multipod/shell-container: hostname -i",
		"multipod/shell-container: wget -qO- http://localhost:80",
	}
	if strings.Join(exec.Calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("exec calls:\n%s\nwant:\n%s", strings.Join(exec.Calls, "\n"), strings.Join(want, "\n"))
	}
}

// Every text and command, dry and on the fake cluster, in every language.
func TestContract(t *testing.T) {
	lessontest.Contract(t, multipod.Lesson, func(ctx context.Context) (*kube.Clients, error) {
		exec := &lessontest.FakeExec{Answers: map[string]string{"hostname -i": "10.244.0.2\n", "wget -qO- http://localhost:80": "<html>hi</html>\n"}}
		c, _, err := lessontest.FakeClients(ctx, exec)
		return c, err
	})
}
