package kube

import (
	"context"
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func pod(name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}}
}

// verbs counts a fake clientset's actions by verb.
func verbs(c *fake.Clientset) map[string]int {
	out := map[string]int{}
	for _, a := range c.Actions() {
		out[a.GetVerb()]++
	}
	return out
}

func TestDeleteAllOneWatch(t *testing.T) {
	c := fake.NewClientset(pod("a"), pod("b"), pod("c"),
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "ns"}})
	objs := []Object{{Kind: "Pod", Namespace: "ns", Name: "a"}, {Kind: "Pod", Namespace: "ns", Name: "b"},
		{Kind: "Pod", Namespace: "ns", Name: "c"}, {Kind: "ConfigMap", Namespace: "ns", Name: "cfg"},
		{Kind: "Pod", Namespace: "ns", Name: "gone"}}
	for i, err := range DeleteAll(context.Background(), c, objs, 10*time.Second) {
		if err != nil {
			t.Errorf("%s: %v", objs[i].Name, err)
		}
	}
	got := verbs(c)
	if got["delete"] != 5 || got["watch"] != 1 || got["list"] != 1 {
		t.Errorf("requests %v, want 5 deletes and one list and watch for the three Pods", got)
	}
	if left, _ := c.CoreV1().Pods("ns").List(context.Background(), metav1.ListOptions{}); len(left.Items) != 0 {
		t.Errorf("%d Pods left", len(left.Items))
	}
}

func TestDeleteAllStillThere(t *testing.T) {
	c := fake.NewClientset(pod("a"), pod("stuck"))
	// The API server accepts the delete of "stuck", but the Pod stays.
	c.PrependReactor("delete", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return a.(k8stesting.DeleteAction).GetName() == "stuck", nil, nil
	})
	objs := []Object{{Kind: "Pod", Namespace: "ns", Name: "a"}, {Kind: "Pod", Namespace: "ns", Name: "stuck"}}
	errs := DeleteAll(context.Background(), c, objs, 300*time.Millisecond)
	if errs[0] != nil {
		t.Errorf("a: %v", errs[0])
	}
	if !errors.Is(errs[1], ErrTimeout) {
		t.Errorf("stuck: %v, want a timeout", errs[1])
	}
}
