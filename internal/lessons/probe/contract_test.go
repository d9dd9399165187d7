package probe

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	utilexec "k8s.io/client-go/util/exec"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// Every text and command, dry and on the fake cluster, in every language.
// On the fake cluster, breaking a mechanism makes its next check fail and
// the kubelet restart the container (Unhealthy, Killing, restartCount 1):
// inside the predicted window for http, sooner for tcp, later for exec, so
// that each of compare's three verdicts is rendered. Moving the readiness
// page away takes the Pod out of Ready and its endpoint; moving it back
// returns both.
func TestContract(t *testing.T) {
	lessontest.Contract(t, Lesson, fakeCluster)
}

// took is when the fake kubelet gives up on each mechanism, from the
// probe's predicted window.
var took = map[string]func(early, late time.Duration) time.Duration{
	"http": func(early, late time.Duration) time.Duration { return (early + late) / 2 },
	"tcp":  func(time.Duration, time.Duration) time.Duration { return 0 },
	"exec": func(_, late time.Duration) time.Duration { return late + 5*time.Second },
}

func fakeCluster(ctx context.Context) (*kube.Clients, error) {
	var c *fake.Clientset
	exec := &lessontest.FakeExec{After: map[string]func(ns, pod string){}}
	for name, m := range mechanisms {
		check, broken := strings.Join(m.check, " "), false
		exec.After[strings.Join(m.breakIt, " ")] = func(string, string) {
			broken = true
			exec.Fail(check, utilexec.CodeExitError{Err: errors.New("command terminated with exit code 1"), Code: 1})
		}
		exec.After[check] = func(ns, pod string) { // the check that saw it broken
			if !broken {
				return
			}
			broken = false
			p, err := c.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
			if err != nil {
				return
			}
			early, late := kube.FailureWindow(p.Spec.Containers[0].LivenessProbe)
			lessontest.Restart(ctx, c, ns, pod, m.container, took[name](early, late))
			exec.Fail(check, nil) // the restarted container is healthy
		}
	}
	exec.After["mv "+page+" "+page+".off"] = func(ns, pod string) { lessontest.SetReady(ctx, c, ns, pod, false) }
	exec.After["mv "+page+".off "+page] = func(ns, pod string) { lessontest.SetReady(ctx, c, ns, pod, true) }
	clients, fc, err := lessontest.FakeClients(ctx, exec)
	c = fc
	return clients, err
}
