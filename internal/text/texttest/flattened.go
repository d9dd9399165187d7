package texttest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Flattened reads the Go files (tests left out) under root and lists the
// errors that lose their code: an error made with fmt.Errorf or errors.New
// from a text a Say or Tell call told, and an Err call whose literal key is a ui.*
// key (an error's key is err.*, or its package's own prefix). Testdata and
// hidden directories are skipped. Entries are "file:line: what", sorted.
func Flattened(root string) ([]string, error) {
	var out []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		at := func(n ast.Node) string {
			return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), fset.Position(n.Pos()).Line)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch name := exprName(call.Fun); {
			case name == "fmt.Errorf" || name == "errors.New":
				for _, a := range call.Args {
					if says(a) {
						out = append(out, at(call)+": an error made of a told text loses its code: raise it with Err")
					}
				}
			case name == "Err" || strings.HasSuffix(name, ".Err"):
				if len(call.Args) > 0 {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if key, _ := strconv.Unquote(lit.Value); strings.HasPrefix(key, "ui.") {
							out = append(out, at(call)+fmt.Sprintf(": error key %q is a ui.* key: name it err.*", key))
						}
					}
				}
			}
			return true
		})
		return nil
	})
	sort.Strings(out)
	return out, err
}

// says reports whether e calls a Say or Tell method (sc.Say(words, ...),
// or one inside it, as in strings.TrimSpace(sc.Say(words, ...))).
func says(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Say" || sel.Sel.Name == "Tell") {
				found = true
			}
		}
		return !found
	})
	return found
}
