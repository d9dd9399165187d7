package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/text"
)

func TestExamples(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "examples")
	if r.code != 0 || !strings.Contains(r.out, "liveness-http            pod/liveness-http\n") ||
		!strings.Contains(r.out, "pod-qos                  pod/qos-guaranteed, pod/qos-besteffort\n") ||
		!strings.Contains(r.out, "kpod examples liveness-http | kubectl create -f -") {
		t.Errorf("list: exit %d\n%s%s", r.code, r.out, r.err)
	}

	// One manifest, with the roles' images as chosen: flag over environment over default.
	app, _, _ = newApp(nil)
	app.Getenv = func(k string) string { return map[string]string{"KPOD_IMAGE_WEB": "kpod.local/web:1.0"}[k] }
	r = run(t, app, context.Background(), "examples", "liveness-http.yaml")
	if r.code != 0 || !strings.Contains(r.out, "image: kpod.local/web:1.0\n") || !strings.HasPrefix(r.out, "# Self-healing") {
		t.Errorf("one: exit %d\n%s%s", r.code, r.out, r.err)
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "examples", "pod-multi", "--image-shell", "my/shell:2")
	if r.code != 0 || !strings.Contains(r.out, "image: my/shell:2\n") || !strings.Contains(r.out, "image: nginx:1.30-alpine\n") {
		t.Errorf("flag: exit %d\n%s%s", r.code, r.out, r.err)
	}

	// All of them, into a folder.
	dir := filepath.Join(t.TempDir(), "ex")
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "examples", "--dir", dir)
	if r.code != 0 || strings.Count(r.out, "\n") != len(examples.Names()) {
		t.Fatalf("dir: exit %d\n%s%s", r.code, r.out, r.err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "pod-oom.yaml"))
	if err != nil || !strings.Contains(string(data), "name: oom-demo") {
		t.Errorf("pod-oom.yaml: %v\n%s", err, data)
	}

	// Bad input: one line.
	for _, args := range [][]string{{"examples", "nope"}, {"examples", "a", "b"}, {"examples", "pod-oom", "--dir", dir}} {
		app, _, _ = newApp(nil)
		r = run(t, app, context.Background(), args...)
		if r.code != 1 || !strings.HasPrefix(r.err, "error: ") || strings.Count(r.err, "\n") > 2 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}

	// A folder kpod cannot make: one sentence in the reader's language,
	// the system's reason after it.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "error: cannot make the folder " + file + "/ex for the examples: mkdir ", "ko": "오류: 예제를 넣을 " + file + "/ex 디렉터리를 만들 수 없습니다: mkdir "} {
		app, _, _ = newApp(nil)
		r = run(t, app, context.Background(), "examples", "--dir", file+"/ex", "--lang", lang)
		if r.code != 1 || !strings.HasPrefix(r.err, want) || strings.Count(r.err, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q", lang, r.code, r.err)
		}
	}
}

// Every recap's "Try it yourself" works for a student who has only the
// binary: each manifest it names comes from `kpod examples`.
func TestRecapsNameExamplesThatExist(t *testing.T) {
	names := map[string]bool{}
	for _, n := range examples.Names() {
		names[n] = true
	}
	fromKpod := regexp.MustCompile(`kpod examples ([a-z0-9][a-z0-9-]*)`)
	fromDir := regexp.MustCompile(`examples/([a-z0-9-]+)\.yaml`)
	bare := regexp.MustCompile(`(?:-f|cp) ([a-z0-9-]+\.yaml)`)
	words := map[string]text.Text{}
	for _, l := range all.Lessons {
		words[l.Name] = l.Text
	}
	for _, set := range practicetest.Sets() {
		words[set.Lesson.Name+" tasks"] = set.Words()
	}
	for name, texts := range words {
		for _, lang := range text.Languages {
			for key, sec := range texts[lang] {
				for _, re := range []*regexp.Regexp{fromKpod, fromDir} {
					for _, m := range re.FindAllStringSubmatch(sec.Body, -1) {
						if !names[m[1]] {
							t.Errorf("%s %s.md %s: no example %q", name, lang, key, m[1])
						}
					}
				}
				if m := bare.FindString(sec.Body); m != "" && strings.Contains(sec.Body, "kubectl") {
					t.Errorf("%s %s.md %s: %q names a file the student does not have", name, lang, key, m)
				}
			}
		}
	}
}
