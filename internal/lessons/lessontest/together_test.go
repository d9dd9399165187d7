package lessontest

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func seen(name, rv string, ready bool) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID(name), ResourceVersion: rv}}
	if ready {
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	}
	return p
}

// Pods made before any of them was Ready pass; a Pod made after another
// was Ready fails, whatever the order of the names.
func TestTogether(t *testing.T) {
	r := &Recorder{pods: map[string][]*corev1.Pod{}}
	for _, p := range []*corev1.Pod{seen("a", "10", false), seen("b", "11", false), seen("a", "12", true), seen("b", "13", true)} {
		r.addPod(p)
	}
	rec := &recorder{TB: t}
	r.Together(rec, "b", "a")
	if len(rec.errs) != 0 {
		t.Errorf("a and b made together: %v", rec.errs)
	}
	r.addPod(seen("c", "14", false))
	r.addPod(seen("c", "15", true))
	rec = &recorder{TB: t}
	r.Together(rec, "c", "a", "b")
	if len(rec.errs) != 1 {
		t.Errorf("c was made after a was Ready: errors %v", rec.errs)
	}
}
