package lessons

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// term is one row of glossary.tsv.
type term struct {
	en, ko string
	avoid  []string
	pair   bool // the field is named beside its Korean word the first time
}

func readGlossary(t *testing.T) []term {
	t.Helper()
	f, err := os.Open("glossary.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []term
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || cols[0] == "" || cols[1] == "" {
			t.Fatalf("glossary.tsv: bad row %q", line)
		}
		tm := term{en: cols[0], ko: cols[1]}
		if len(cols) > 2 && cols[2] != "" {
			tm.avoid = strings.Split(cols[2], ",")
		}
		tm.pair = len(cols) > 3 && cols[3] == "pair"
		out = append(out, tm)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// koreanTexts returns every Korean text kpod shows: the engine's messages,
// each lesson's ko.md, the Korean manifest comments and the Korean dry runs.
func koreanTexts(t *testing.T) map[string]string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"messages/ko.md", "../cli/messages/ko.md", "*/ko.md", "../kube/kind/ko.md", "../kube/ko.md", "../kube/nodeway/ko.md", "../progress/ko.md", "../class/ko.md", "../clean/messages/ko.md", "../draw/ko.md", "../page/ko.md", "../report/ko.md", "../timeline/ko.md", "../../examples/comments.ko.md", "../diagnose/ko.md", "../practice/messages/ko.md", "../cli/help/ko.md", "all/testdata/dryrun/*.ko.golden", "*/tasks.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 12 {
		t.Fatalf("found only %d Korean files: %v", len(files), files)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
		if strings.HasSuffix(f, "tasks.yaml") {
			out[f] = koOnly(string(b))
		}
	}
	// The Korean written in Go: help texts, flag usages.
	gofiles, _ := filepath.Glob("../*/*.go")
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if hangul.Match(b) {
			out[f] = string(b)
		}
	}
	return out
}

// koOnly keeps the ko: blocks of a tasks.yaml (each task's Korean words),
// blanking the other lines so that line numbers still hold.
func koOnly(yaml string) string {
	lines := strings.Split(yaml, "\n")
	in := false
	for i, l := range lines {
		indent := len(l) - len(strings.TrimLeft(l, " -"))
		switch {
		case strings.TrimSpace(l) == "ko:":
			in = true
		case strings.TrimSpace(l) != "" && indent <= 2:
			in = false
		}
		if !in {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

var hangul = regexp.MustCompile(`\p{Hangul}`)

// lineOf returns the 1-based line of offset i in s.
func lineOf(s string, i int) int { return strings.Count(s[:i], "\n") + 1 }

// A Korean text uses the glossary's word, never a variant it lists.
func TestGlossaryVariants(t *testing.T) {
	terms := readGlossary(t)
	for file, text := range koreanTexts(t) {
		for _, tm := range terms {
			for _, bad := range tm.avoid {
				if i := strings.Index(text, bad); i >= 0 {
					t.Errorf("%s:%d: %q: kpod writes %q for %q", file, lineOf(text, i), bad, tm.ko, tm.en)
				}
			}
		}
	}
}

// A field the glossary pairs with a Korean word (livenessProbe ...) is
// first written beside that word: "활성 프로브(livenessProbe)". Lesson texts
// are read as a whole; each engine message stands alone.
func TestGlossaryPairs(t *testing.T) {
	terms := readGlossary(t)
	check := func(where, text string) {
		for _, tm := range terms {
			if !tm.pair {
				continue
			}
			i := strings.Index(text, tm.en)
			if i < 0 {
				continue
			}
			before := strings.TrimSuffix(text[:i], "`")
			if !strings.HasSuffix(before, tm.ko+"(") {
				t.Errorf("%s:%d: the first %s is not written %s(%s)", where, lineOf(text, i), tm.en, tm.ko, tm.en)
			}
		}
	}
	files, _ := filepath.Glob("*/ko.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, string(b))
	}
	for key, sec := range words["ko"] {
		check("messages/ko.md "+key, sec.Title+"\n"+sec.Body)
	}
	for _, dir := range []string{"../cli/messages", "../clean/messages", "../kube", "../progress", "../class", "../timeline"} {
		words, err := text.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		for key, sec := range words["ko"] {
			check(dir+"/ko.md "+key, sec.Title+"\n"+sec.Body)
		}
	}
}

// A placeholder is never followed by a particle, whose form depends on how
// the filled-in name ends: "{{.Pod}} 파드를", not "{{.Pod}}를".
var particleAfterPlaceholder = regexp.MustCompile(`\}\}(이|가|을|를|은|는|와|과|로|으로)([\s.,)]|$)`)

func TestNoParticleAfterPlaceholder(t *testing.T) {
	files, _ := filepath.Glob("*/ko.md")
	for _, f := range append(files, "../timeline/ko.md") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range particleAfterPlaceholder.FindAllStringIndex(string(b), -1) {
			t.Errorf("%s:%d: particle after a placeholder: %q", f, lineOf(string(b), m[0]), string(b)[max(0, m[0]-20):m[1]])
		}
	}
}
