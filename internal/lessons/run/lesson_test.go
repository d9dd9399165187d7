package run_test

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/run"
)

// The lesson runs from start to end against a fake cluster, says what the
// fake kubelet did, and leaves nothing behind.
func TestRunOnFakeCluster(t *testing.T) {
	text, fake := lessontest.FakeRun(t, run.Lesson, nil, nil)
	for _, want := range []string{
		"$ kubectl run webserver --image=nginx:1.30-alpine --port=80 -n kpod",
		"pod/webserver created",
		"$ kubectl create -f pod-nginx.yaml -n kpod",
		"Scheduled",
		"node node-1",
		"NAME        READY   STATUS    RESTARTS   AGE",
		"$ kubectl get pod webserver -o jsonpath='{.status.podIP}' -n kpod",
		"-- wget -qO- http://10.244.0.",
		"Deleted pod/webserver",
		"✓ Lesson complete",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	lessontest.NoPodsLeft(t, fake)
	ns, err := fake.CoreV1().Namespaces().Get(context.Background(), "kpod", metav1.GetOptions{})
	if err != nil || ns.Labels[kube.WorkspaceLabel] != "true" {
		t.Errorf("namespace kpod not created and labelled: %v %v", ns, err)
	}
}

// Every text and command, dry and on the fake cluster, in every language.
func TestContract(t *testing.T) {
	lessontest.Contract(t, run.Lesson, func(ctx context.Context) (*kube.Clients, error) {
		c, _, err := lessontest.FakeClients(ctx, nil)
		return c, err
	})
}
