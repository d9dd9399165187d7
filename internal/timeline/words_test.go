package timeline

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every message key the timeline's Go names is in en.md and ko.md, and
// both hold the same keys.
func TestKeysExist(t *testing.T) {
	if missing := words.Missing(); len(missing) > 0 {
		t.Errorf("missing: %v", missing)
	}
	texttest.Keys{Words: words, Calls: map[string]int{"n.note": 2, "add": 1, "withSidecar": 1}}.Check(t, ".")
}

// A line told in English and said again in Korean reads as the line told
// in Korean, its ".again" form too; a key not the timeline's is not said.
func TestSayAgain(t *testing.T) {
	told := map[string][]report.Annotation{}
	for _, lang := range []string{"en", "ko"} {
		tl, got := testTimeline(lang)
		tl.Track("web")
		for i, count := range []int32{1, 2} {
			tl.eventSeen(&corev1.Event{ObjectMeta: metav1.ObjectMeta{UID: types.UID(fmt.Sprint("e", i))}, Reason: "Pulled", Count: count,
				Message:        `Container image "nginx" already present on machine`,
				InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "web", FieldPath: "spec.containers{web}"}})
		}
		told[lang] = *got
	}
	if len(told["en"]) != 2 || told["en"][1].Key != "event.Pulled.again" {
		t.Fatalf("told %+v, want Pulled then its .again form", told["en"])
	}
	for i, a := range told["en"] {
		label, body, ok := SayAgain("ko", a.Key, a.Facts)
		if want := told["ko"][i]; !ok || label != want.Label || body != want.Text {
			t.Errorf("%s said again: %q %q %v, want %q %q", a.Key, label, body, ok, want.Label, want.Text)
		}
	}
	if _, _, ok := SayAgain("ko", "ui.done", nil); ok {
		t.Error("said a key that is not the timeline's")
	}
}
