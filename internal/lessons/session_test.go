package lessons

import (
	"io"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// testSession is a Session for an action's test: a lesson named "t", in
// English, in namespace kpod, on a fake clientset holding objs, reporting
// nowhere, waiting a second at most. A test sets what it needs on top.
func testSession(objs ...runtime.Object) *Session {
	return &Session{RunEnv: RunEnv{Lang: "en", Namespace: "kpod", Clients: &kube.Clients{Client: fake.NewClientset(objs...)}},
		Lesson: &Lesson{Name: "t"}, Timeout: time.Second, Report: report.NewHuman(io.Discard)}
}
