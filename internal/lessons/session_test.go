package lessons

import (
	"context"
	"io"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// testSession is a Session for an action's test: a lesson named "t", in
// English, in namespace kpod, on a fake clientset holding objs, reporting
// nowhere, waiting a second at most. A test sets what it needs on top.
func testSession(objs ...runtime.Object) *Session {
	env := runenv.Env{Lang: "en", Namespace: "kpod", Clients: &kube.Clients{Client: fake.NewClientset(objs...)}, Clock: clock.RealClock{}}
	return NewSession(env, &Lesson{Name: "t"}, Config{Timeout: time.Second}, reportTo(report.NewHuman(io.Discard)))
}

// reportTo is the reporter of a session that shows its run on r, which
// keeps no time of its own (lessontest.ReportTo).
func reportTo(r report.Reporter) func(since func() time.Duration) report.Reporter {
	return func(func() time.Duration) report.Reporter { return r }
}

func TestKubectlNamespaceFlag(t *testing.T) {
	s := &Session{Env: runenv.Env{Namespace: "kpod"}}
	for args, want := range map[string]string{
		"get pods":                     "kubectl get pods -n kpod",
		"exec p -c c -- env":           "kubectl exec p -c c -n kpod -- env",
		"get pods --namespace other":   "kubectl get pods --namespace other",
		"describe node kpod-e2e":       "kubectl describe node kpod-e2e",
		"get nodes -o wide":            "kubectl get nodes -o wide",
		"delete pod/a service/b --now": "kubectl delete pod/a service/b --now -n kpod",
	} {
		if got := s.kubectl(args); got != want {
			t.Errorf("kubectl(%q) = %q, want %q", args, got, want)
		}
	}
}

// IfLearned does its action only once the fact holds a value; a dry run
// shows it anyway.
func TestIfLearned(t *testing.T) {
	s := testSession()
	ran := 0
	a := IfLearned(KubeletConfig, Do("cat {{fact \"kubelet-config\"}}", func(context.Context, View) (report.Output, error) {
		ran++
		return report.Quoted("read"), nil
	}))
	if show := a.show(s); show != "" {
		t.Errorf("shown before the fact: %q", show)
	}
	if out, err := a.run(context.Background(), s); err != nil || out.Text != "" || ran != 0 {
		t.Errorf("ran before the fact: %q, %v, %d runs", out.Text, err, ran)
	}
	s.Config.DryRun = true
	if show := a.show(s); show != "cat <kubelet-config>" {
		t.Errorf("dry run shows %q", show)
	}
	s.Config.DryRun = false
	KubeletConfig.Set(s, "/var/lib/kubelet/config.yaml")
	if show := a.show(s); show != "cat /var/lib/kubelet/config.yaml" {
		t.Errorf("shown %q", show)
	}
	if out, err := a.run(context.Background(), s); err != nil || out.Text != "read" || ran != 1 {
		t.Errorf("ran: %q, %v, %d runs", out.Text, err, ran)
	}
}
