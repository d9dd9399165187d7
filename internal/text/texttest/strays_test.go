package texttest

import (
	"strings"
	"testing"
)

// shared are the keys a package names from another's words on purpose, as
// "file key", each with the reason. An entry no longer found fails, so the
// list only shrinks.
var shared = map[string]string{
	"internal/cli/doctor.go err.kube.hint":               "matched as an error's code, not said: doctor drops kube's hint, which its fix line says",
	"internal/lessons/lessontest/step.go ui.interrupted": "the engine's test driver reads the engine's lines to know where a run is",
}

// TestStrays holds kpod to one rule: a package says only keys from its own
// words (the rule that keeps each text with the package that says it).
func TestStrays(t *testing.T) {
	got, err := Strays("../../..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range got {
		file, rest, _ := strings.Cut(s, ":")
		_, rest, _ = strings.Cut(rest, `key "`)
		key, _, _ := strings.Cut(rest, `"`)
		if _, ok := shared[file+" "+key]; ok {
			seen[file+" "+key] = true
			continue
		}
		t.Errorf("%s: move it to the words of the package that says it", s)
	}
	for k := range shared {
		if !seen[k] {
			t.Errorf("shared %q is no longer found: remove it from the list", k)
		}
	}
}

// TestStraysFinds runs the check on a small module: a key said by the
// package that keeps it passes, one said by another package is found, in a
// package with words of its own and in one without, and so is an error key
// kept apart from its prefix's words.
func TestStraysFinds(t *testing.T) {
	got, err := Strays("testdata/strays")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`a/a.go:5: key "b.line" is in b's words`,
		`b: key "err.a.stray": err.a.* keys are in a's words`,
		`c/c.go:4: key "a.line" is in a's words`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// No error in kpod is a told text flattened to a string, or raised under a
// ui.* key: each keeps its code.
func TestFlattened(t *testing.T) {
	got, err := Flattened("../../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got {
		t.Error(s)
	}
}

func TestFlattenedFinds(t *testing.T) {
	got, err := Flattened("testdata/flat")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"flat.go:23: an error made of a told text loses its code: raise it with Err",
		"flat.go:24: an error made of a told text loses its code: raise it with Err",
		`flat.go:25: error key "ui.bad" is a ui.* key: name it err.*`,
		"flat.go:29: an error made of a told text loses its code: raise it with Err",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
