package practice

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// Manifests reads the objects of a task's manifests strictly: a field the
// API does not have is an error (a typo would otherwise be dropped without
// a word). Tasks may make Pods, Services, ConfigMaps and Secrets.
func Manifests(data []byte) ([]runtime.Object, error) {
	var out []runtime.Object
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for n := 1; ; n++ {
		doc, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		if err := yaml.Unmarshal(doc, &head); err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		if head.APIVersion == "" && head.Kind == "" {
			continue // empty, or comments only
		}
		var obj runtime.Object
		switch head.Kind {
		case "Pod":
			obj = &corev1.Pod{}
		case "Service":
			obj = &corev1.Service{}
		case "ConfigMap":
			obj = &corev1.ConfigMap{}
		case "Secret":
			obj = &corev1.Secret{}
		default:
			return nil, fmt.Errorf("document %d: kind %q: a task makes Pods, Services, ConfigMaps and Secrets", n, head.Kind)
		}
		if head.APIVersion != "v1" {
			return nil, fmt.Errorf("document %d: %s is apiVersion v1, not %q", n, head.Kind, head.APIVersion)
		}
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			return nil, fmt.Errorf("document %d (%s): %w", n, head.Kind, plainErr(err))
		}
		out = append(out, obj)
	}
}
