package resources_test

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
)

// Every text and command, dry and on the fake cluster, in every language.
// The fake cluster has one node with 4 CPUs and 8Gi, so too-big (100 CPUs)
// is unschedulable with the scheduler's FailedScheduling message, and the
// fake kubelet OOM-kills oom-demo's container once and starts it again.
func TestContract(t *testing.T) {
	lessontest.Contract(t, resources.Lesson, func(ctx context.Context) (*kube.Clients, error) {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node}, Status: corev1.NodeStatus{
			Capacity:    corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("8Gi")},
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("8Gi")},
		}}
		clients, c, err := lessontest.FakeClients(ctx, nil, node)
		if err != nil {
			return nil, err
		}
		lessontest.FakeLogs(c, map[string]string{"": "reading 200 MiB into memory, under a 64 MiB limit\n"})
		go func() { // the kubelet's OOM kill, once the container runs
			for ctx.Err() == nil {
				p, err := c.CoreV1().Pods("kpod").Get(ctx, "oom-demo", metav1.GetOptions{})
				if err == nil && len(p.Status.ContainerStatuses) > 0 {
					lessontest.Rerun(ctx, c, "kpod", p.Name, p.Spec.Containers[0].Name, "OOMKilled", metav1.Now())
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		return clients, nil
	})
}
