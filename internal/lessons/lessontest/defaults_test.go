package lessontest

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/kubectl/pkg/util/qos"
)

// A Pod created on the fake cluster gets the QoS class a real API server
// gives it: requests default to limits first, so limits alone are
// Guaranteed, and the class is the one Kubernetes' own code works out.
func TestFakeQoS(t *testing.T) {
	list := func(cpu, mem string) corev1.ResourceList {
		return corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem)}
	}
	for name, tc := range map[string]struct {
		res  corev1.ResourceRequirements
		want corev1.PodQOSClass
	}{
		"limits-only": {corev1.ResourceRequirements{Limits: list("100m", "32Mi")}, corev1.PodQOSGuaranteed},
		"equal":       {corev1.ResourceRequirements{Requests: list("100m", "32Mi"), Limits: list("100m", "32Mi")}, corev1.PodQOSGuaranteed},
		"burstable":   {corev1.ResourceRequirements{Requests: list("50m", "16Mi"), Limits: list("100m", "32Mi")}, corev1.PodQOSBurstable},
		"cpu-only":    {corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}}, corev1.PodQOSBurstable},
		"besteffort":  {corev1.ResourceRequirements{}, corev1.PodQOSBestEffort},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, c, err := FakeClients(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kpod"},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox", Resources: tc.res}}}}
			if _, err := c.CoreV1().Pods("kpod").Create(ctx, p, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			got, err := c.CoreV1().Pods("kpod").Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status.QOSClass != tc.want {
				t.Errorf("status.qosClass %q, want %q", got.Status.QOSClass, tc.want)
			}
			if lib := qos.ComputePodQOS(got); lib != got.Status.QOSClass {
				t.Errorf("kubectl's qos says %q of the stored Pod, the fake %q", lib, got.Status.QOSClass)
			}
		})
	}
}
