// Package texttest holds kpod's test helpers for text: Golden, the one
// golden-file comparison (with -update), and checks, from a package's own
// test, that every message key the package's Go code names is in its
// words, in every language.
package texttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// Keys says which calls in a package's Go files name keys of Words.
type Keys struct {
	// Words are the package's texts.
	Words text.Text
	// Calls maps a function, as the code writes it ("words.Err",
	// "f.words"), to the index of its key argument.
	Calls map[string]int
	// Made lists, for a key prefix the code completes at run time
	// ("doctor." + key), every completion it can make; a prefix listed
	// with none is one whose keys the package's other tests check.
	Made map[string][]string
}

// Check is Count that also fails t if it finds no key at all (a broken
// scan, or Calls that do not match the code).
func (k Keys) Check(t *testing.T, dir string) {
	t.Helper()
	if k.Count(t, dir) == 0 {
		t.Fatalf("found no message key in %s; is the scan broken?", dir)
	}
}

// Count parses the Go files (tests left out) in dir, fails t for every key
// one of k.Calls names that k.Words lack in some language and for a prefix
// not in k.Made, and returns how many keys it checked.
func (k Keys) Count(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i, ok := k.Calls[exprName(call.Fun)]
			if !ok || i >= len(call.Args) {
				return true
			}
			where := fset.Position(call.Pos()).String()
			switch a := call.Args[i].(type) {
			case *ast.BasicLit:
				if key, err := strconv.Unquote(a.Value); err == nil && a.Kind == token.STRING {
					found++
					k.has(t, where, key)
				}
			case *ast.BinaryExpr: // "doctor." + key
				l, ok := a.X.(*ast.BasicLit)
				if !ok || l.Kind != token.STRING {
					return true
				}
				prefix, _ := strconv.Unquote(l.Value)
				rests, ok := k.Made[prefix]
				if !ok {
					t.Errorf("%s: key prefix %q: list its completions in Keys.Made", where, prefix)
				}
				for _, rest := range rests {
					found++
					k.has(t, where, prefix+rest)
				}
			}
			return true
		})
	}
	return found
}

// has fails t if key is missing in a language.
func (k Keys) has(t *testing.T, where, key string) {
	t.Helper()
	for _, lang := range text.Languages {
		if _, ok := k.Words[lang][key]; !ok {
			t.Errorf("%s: message %q is not in %s.md", where, key, lang)
		}
	}
}

// exprName is a call's function as the code writes it: "words.Err",
// "f.words"; "" for anything else.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x := exprName(e.X); x != "" {
			return x + "." + e.Sel.Name
		}
	}
	return ""
}
