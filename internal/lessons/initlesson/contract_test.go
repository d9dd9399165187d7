package initlesson

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// Every text and command, dry and on the fake cluster, in every language.
// On the fake cluster each of myapp-pod's init containers finishes once
// the Service it waits for exists, in order, and myapp-fail's init
// container crash-loops on exit 1.
func TestContract(t *testing.T) {
	lessontest.Contract(t, Lesson, func(ctx context.Context) (*kube.Clients, error) {
		clients, c, err := lessontest.FakeClients(ctx, nil)
		if err != nil {
			return nil, err
		}
		lessontest.HoldPods(c, pod, failPod)
		lessontest.FakeLogs(c, map[string]string{
			"init-myservice": "waiting for myservice\n", "init-mydb": "waiting for mydb\n",
			"init-config": "cannot find /config/app.conf\n", app: "The app is running!\n",
		})
		go playInit(ctx, c)
		return clients, nil
	})
}

// playInit is the node's part for the lesson's two Pods.
func playInit(ctx context.Context, c *fake.Clientset) {
	played := map[string]int{pod: -1, failPod: -1}
	for ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		if _, err := c.CoreV1().Pods("kpod").Get(ctx, failPod, metav1.GetOptions{}); err == nil && played[failPod] < 0 {
			played[failPod] = 0
			lessontest.InitProgress(ctx, c, "kpod", failPod, 0, true)
		} else if err != nil {
			played[failPod] = -1 // deleted: a new one is played again
		}
		if _, err := c.CoreV1().Pods("kpod").Get(ctx, pod, metav1.GetOptions{}); err != nil {
			continue
		}
		done := 0
		for _, svc := range []string{"myservice", "mydb"} {
			if _, err := c.CoreV1().Services("kpod").Get(ctx, svc, metav1.GetOptions{}); err != nil {
				break
			}
			done++
		}
		if done != played[pod] {
			played[pod] = done
			lessontest.InitProgress(ctx, c, "kpod", pod, done, false)
		}
	}
}
