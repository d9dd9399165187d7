package kube

import (
	"bytes"
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/kubectl/pkg/cmd/get"
)

// kubectl reads the objects as JSON from the API server; CustomColumns must
// print what kubectl's own printer prints for them.
func TestCustomColumnsAsKubectl(t *testing.T) {
	started := metav1.NewTime(metav1.Now().Rfc3339Copy().Time)
	kind := metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"}
	pods := []corev1.Pod{
		{TypeMeta: kind, ObjectMeta: metav1.ObjectMeta{Name: "burstable", UID: "u-1"},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("200m"), corev1.ResourceMemory: resource.MustParse("32Mi")},
				Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")}}}}},
			Status: corev1.PodStatus{QOSClass: corev1.PodQOSBurstable, ContainerStatuses: []corev1.ContainerStatus{
				{Name: "web", ContainerID: "containerd://abc", RestartCount: 2, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}}}}},
		{TypeMeta: kind, ObjectMeta: metav1.ObjectMeta{Name: "besteffort", UID: "u-2"},
			Spec:   corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}, {Name: "log"}}},
			Status: corev1.PodStatus{QOSClass: corev1.PodQOSBestEffort}},
	}
	for _, spec := range []string{
		"NAME:.metadata.name,QOS:.status.qosClass,CPU-REQ:.spec.containers[*].resources.requests.cpu,MEM-REQ:.spec.containers[0].resources.requests.memory,MEM-LIM:.spec.containers[*].resources.limits.memory",
		"UID:.metadata.uid,CONTAINER:.status.containerStatuses[0].containerID,STARTED:.status.containerStatuses[0].state.running.startedAt,RESTARTS:.status.containerStatuses[0].restartCount",
		"NAMES:{.spec.containers[*].name},EMPTY:",
	} {
		var objs []runtime.Object
		list := &unstructured.UnstructuredList{}
		for i := range pods {
			objs = append(objs, &pods[i])
			data, err := json.Marshal(&pods[i])
			if err != nil {
				t.Fatal(err)
			}
			u := unstructured.Unstructured{}
			if err := u.UnmarshalJSON(data); err != nil {
				t.Fatal(err)
			}
			list.Items = append(list.Items, u)
		}
		var want, got bytes.Buffer
		p, err := get.NewCustomColumnsPrinterFromSpec(spec, scheme.Codecs.UniversalDecoder(), false)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.PrintObj(list, &want); err != nil {
			t.Fatal(err)
		}
		if err := CustomColumns(&got, spec, objs...); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("spec %s:\n--- kpod ---\n%s--- kubectl ---\n%s", spec, got.String(), want.String())
		}
	}
}

func TestCustomColumnsBadSpec(t *testing.T) {
	for _, spec := range []string{"", "NAME", "NAME:{a}{b}"} {
		if err := CustomColumns(&bytes.Buffer{}, spec); err == nil {
			t.Errorf("spec %q: no error", spec)
		}
	}
}
