package lessons_test

import (
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// A lesson reads its options by name; a name it does not declare is its
// own bug, which must fail at once rather than read "". Choose, which
// takes what a caller gives, refuses such a name with its code.
func TestValuesGetUndeclaredPanics(t *testing.T) {
	l := &lessons.Lesson{Name: "x", Options: []lessons.Option{{Name: "mechanism", Default: "http", Choices: []string{"http", "tcp"}}}}
	v, err := l.Choose(lessons.Values{})
	if err != nil || v.Get("mechanism") != "http" {
		t.Fatalf("Choose: %v %v", v, err)
	}
	mustPanic(t, "Get of an undeclared option", func() { v.Get("mechansim") })
	if _, err := l.Choose(lessons.Values{"mechansim": "tcp"}); text.Key(err) != "err.lesson.option" {
		t.Errorf("Choose of an undeclared option: %v", err)
	}
	if _, err := l.Choose(lessons.Values{"mechanism": "udp"}); err == nil {
		t.Error("Choose took a value not among the choices")
	}
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}
