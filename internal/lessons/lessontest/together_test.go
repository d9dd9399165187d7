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

// Pods whose lives overlap pass, even when one was Ready before the last
// was made; Pods each made after the ones before were Ready fail, whatever
// the order of the names.
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
	if len(rec.errs) != 0 {
		t.Errorf("a and b overlap, c came after a fast Ready: errors %v", rec.errs)
	}
	// One after another: d, then e once d was Ready, then f once e was.
	for _, p := range []*corev1.Pod{seen("d", "20", false), seen("d", "21", true), seen("e", "22", false), seen("e", "23", true), seen("f", "24", false)} {
		r.addPod(p)
	}
	rec = &recorder{TB: t}
	r.Together(rec, "f", "e", "d")
	if len(rec.errs) != 1 {
		t.Errorf("d, e, f made one after another: errors %v", rec.errs)
	}
}
