package practice

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kpod-dev/kpod/internal/lessons"
)

// Manifests reads the objects of a task's manifests strictly, as the
// lessons read theirs (lessons.Decode). Tasks may make Pods, Services,
// ConfigMaps and Secrets.
func Manifests(data []byte) ([]runtime.Object, error) {
	objs, err := lessons.Decode(data)
	if err != nil {
		return nil, err
	}
	for _, obj := range objs {
		switch obj.(type) {
		case *corev1.Pod, *corev1.Service, *corev1.ConfigMap, *corev1.Secret:
		default:
			return nil, fmt.Errorf("kind %q: a task makes Pods, Services, ConfigMaps and Secrets", obj.GetObjectKind().GroupVersionKind().Kind)
		}
	}
	return objs, nil
}
