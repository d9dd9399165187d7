package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hangul matches a Korean letter.
var hangul = regexp.MustCompile(`\p{Hangul}`)

// koreanInGo are the files whose Korean literals are rules of the language,
// not words to say: how a length of time reads ("1분 16초").
var koreanInGo = map[string]bool{"internal/text/duration.go": true}

// hangulLiterals are the positions of the string literals of a Go file that
// hold Korean.
func hangulLiterals(fset *token.FileSet, name string, src any) ([]string, error) {
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && hangul.MatchString(lit.Value) {
			out = append(out, fset.Position(lit.Pos()).String())
		}
		return true
	})
	return out, nil
}

// Korean is said from the message files (en.md and ko.md), so
// every text has one home and both languages sit side by side: no Go file
// under internal/, tests aside, holds a Korean literal.
func TestNoKoreanInGo(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("../../internal", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, "../../"))
		if strings.Contains(rel, "/testdata/") || koreanInGo[rel] {
			return nil
		}
		found, err := hangulLiterals(fset, path, nil)
		for _, pos := range found {
			t.Errorf("%s: a Korean literal in Go; say it from a message file", pos)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The check finds a Korean literal, raw or quoted, and passes comments.
func TestHangulLiterals(t *testing.T) {
	src := "package p\n// 설명\nvar a = \"예\"\nvar b = `네`\nvar c = \"yes\"\n"
	got, err := hangulLiterals(token.NewFileSet(), "p.go", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "p.go:3:") || !strings.HasPrefix(got[1], "p.go:4:") {
		t.Errorf("hangulLiterals = %v, want lines 3 and 4", got)
	}
}
