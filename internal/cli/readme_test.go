package cli

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeSample is the output the README shows under `$ kpod run`: its
// step headers and the commands it shows, in order.
func readmeSample(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```text\n$ kpod run\n")
	if !ok {
		t.Fatal("README.md has no ```text block that starts with `$ kpod run`")
	}
	block, _, _ := strings.Cut(rest, "```")
	return sampleLines(block)
}

var sampleLine = regexp.MustCompile(`^(\[\d+/\d+\] .*|  \$ .*)$`)

func sampleLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if sampleLine.MatchString(l) {
			out = append(out, strings.TrimRight(l, " "))
		}
	}
	return out
}

// The README's sample output is what kpod prints: each step header and
// command it shows is in `kpod run --dry-run`, in the same order.
func TestReadmeSampleMatchesDryRun(t *testing.T) {
	sample := readmeSample(t)
	if len(sample) == 0 {
		t.Fatal("the README's sample shows no step header or command")
	}
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "--dry-run", "--lang", "en", "--no-color")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	got := sampleLines(r.out)
	i := 0
	for _, want := range sample {
		for i < len(got) && got[i] != want {
			i++
		}
		if i == len(got) {
			t.Errorf("README.md's sample shows %q, which `kpod run --dry-run` does not print (in that order); it prints:\n%s", want, strings.Join(got, "\n"))
			return
		}
		i++
	}
}

// The README's map for contributors names every package under internal/
// but the lessons' own folders (internal/lessons/<name>) and the test
// helpers (…test).
func TestReadmeMapsEveryPackage(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## For contributors")
	if !ok {
		t.Fatal("README.md has no section For contributors")
	}
	listed := map[string]bool{}
	for _, l := range strings.Split(rest, "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "internal/") {
			listed[f[0]] = true
		}
	}
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return fs.SkipDir
		}
		pkg := "internal" + strings.TrimPrefix(filepath.ToSlash(path), "..")
		if lesson, _ := filepath.Glob(filepath.Join(path, "en.md")); strings.HasPrefix(pkg, "internal/lessons/") && len(lesson) > 0 || strings.HasSuffix(pkg, "test") {
			return nil
		}
		if code, _ := filepath.Glob(filepath.Join(path, "*.go")); len(code) > 0 && !listed[pkg] {
			t.Errorf("README.md's map for contributors does not name %s", pkg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
