package draw

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/ui"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtures are the Pods under testdata/pods, shaped like the lessons'.
var fixtures = []string{"run", "multipod", "probe", "init", "native", "resources", "crashloop", "toobig"}

func load(t *testing.T, name string) *corev1.Pod {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pods", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var pod corev1.Pod
	if err := yaml.UnmarshalStrict(data, &pod); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &pod
}

// golden compares got with testdata/<TestName>.golden, or rewrites it.
func golden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join("testdata", t.Name()+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/draw/ -update)", err)
	}
	if got != string(want) {
		t.Errorf("drawing differs from %s:\n%s", path, got)
	}
}

// variants draws pod at 80 and 60 columns, styled (colour stripped) and
// plain, and checks every line's width and that plain is ASCII-framed.
func variants(t *testing.T, pod *corev1.Pod, lang string) string {
	t.Helper()
	var b strings.Builder
	for _, w := range []int{80, 60} {
		for _, plain := range []bool{false, true} {
			got := Draw(pod, Options{Width: w, Plain: plain, Lang: lang})
			kind := "styled, colour stripped"
			if plain {
				kind = "plain"
				if strings.Contains(got, "\x1b[") || strings.ContainsAny(got, "╭╮╰╯│─✓▶✗…·") {
					t.Errorf("plain drawing at %d has colour or non-ASCII marks:\n%s", w, got)
				}
			} else if !strings.Contains(got, "\x1b[") {
				t.Errorf("styled drawing at %d has no colour", w)
			}
			for i, l := range strings.Split(got, "\n") {
				if ui.Width(l) != w {
					t.Errorf("%d columns, %s: line %d is %d wide: %q", w, kind, i+1, ui.Width(l), ansi.Strip(l))
				}
			}
			b.WriteString("== " + pod.Name + ", " + strconv.Itoa(w) + " columns, " + kind + "\n" + ansi.Strip(got) + "\n\n")
		}
	}
	return b.String()
}

func TestDraw(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) { golden(t, variants(t, load(t, name), "en")) })
	}
}

func TestDrawKorean(t *testing.T) {
	for _, name := range []string{"init", "native", "resources", "toobig"} {
		t.Run(name, func(t *testing.T) { golden(t, variants(t, load(t, name), "ko")) })
	}
}
