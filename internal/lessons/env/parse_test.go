package env

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestDownwardVars(t *testing.T) {
	c := corev1.Container{Name: "web",
		Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}},
		Env: []corev1.EnvVar{
			{Name: "GREETING", Value: "hi"},
			{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
			{Name: "MEM", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.memory", Divisor: resource.MustParse("1Mi")}}},
			{Name: "CM", ValueFrom: &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{Key: "k"}}},
		}}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-env"}, Spec: corev1.PodSpec{Containers: []corev1.Container{c}}}
	got, err := downwardVars(p, c)
	want := []downwardVar{{"POD_NAME", "metadata.name", "web-env"}, {"MEM", "limits.memory / 1Mi", "64Mi"}}
	if err != nil || len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("downwardVars = %v, %v; want %v", got, err, want)
	}
}
