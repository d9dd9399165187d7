package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice/practicetest"
)

// docsExample is the file of tasks docs/tasks.md shows.
func docsExample(t *testing.T) string {
	data, err := os.ReadFile("../../docs/tasks.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(data), "<!-- example")
	_, after, _ = strings.Cut(after, "```yaml\n")
	example, _, _ := strings.Cut(after, "```")
	path := filepath.Join(t.TempDir(), "homework.yaml")
	if err := os.WriteFile(path, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPracticeLint(t *testing.T) {
	for _, set := range practicetest.Sets() {
		r := run(t, practiceApp(t, nil), context.Background(), "practice", "lint", "../lessons/"+lessontest.Dir(set.Lesson.Name)+"/tasks.yaml")
		if r.code != 0 {
			t.Errorf("%s: exit %d: %s%s", set.Lesson.Name, r.code, r.out, r.err)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("tasks:\n- key: a\n  check: {pod: a, conds: [redy]}\n  en: {title: A, text: t, hints: [h], solution: s}\n  solution: [{apply: \"apiVersion: v1\\nkind: Pod\\nmetadata: {name: a}\\nspec: {containres: []}\\n\"}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, practiceApp(t, nil), context.Background(), "practice", "lint", bad)
	if r.code != 1 {
		t.Fatalf("a bad file: exit %d", r.code)
	}
	for _, want := range []string{"a: no ko text", `unknown check "redy"`, `unknown field "spec.containres"`, "a: no nearMiss"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("no line with %q in\n%s", want, r.out)
		}
	}
	if lines := strings.Count(r.out, "\n"); lines != 4 {
		t.Errorf("%d lines, want one per problem (4):\n%s", lines, r.out)
	}
}

// A file of one's own runs as a lesson's tasks do; a bad one is refused in a line.
func TestPracticeFile(t *testing.T) {
	path := docsExample(t)
	r := run(t, practiceApp(t, nil), context.Background(), "practice", "-f", path, "--dry-run", "--lang", "ko")
	if r.code != 0 || !strings.Contains(r.out, "front라는 웹 파드") || !strings.Contains(r.out, "COUNT=3으로") {
		t.Errorf("exit %d:\n%s%s", r.code, r.out, r.err)
	}
	r = run(t, practiceApp(t, nil), context.Background(), "practice", "-f", path, "count", "--hint")
	if r.code != 0 || !strings.Contains(r.out, "--env") {
		t.Errorf("hint: exit %d:\n%s%s", r.code, r.out, r.err)
	}
	r = run(t, practiceApp(t, nil), context.Background(), "practice", "-f", path, "front", "count", "--dry-run")
	if r.code == 0 || strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
		t.Errorf("two tasks: exit %d: %s", r.code, r.err)
	}
	r = run(t, practiceApp(t, nil), context.Background(), "practice", "-f", path, "nosuch", "--dry-run")
	if r.code == 0 || !strings.Contains(r.err, "front, count") {
		t.Errorf("unknown task: exit %d: %s", r.code, r.err)
	}
}
