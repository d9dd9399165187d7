package lessons_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's contributor section is a newcomer's list of the actions a
// lesson is made of: every exported function of this package that makes
// an action is named there.
func TestReadmeNamesEveryAction(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	files, _ := filepath.Glob("*.go")
	var actions int
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			res := fn.Type.Results.List[0].Type
			if star, ok := res.(*ast.StarExpr); ok {
				res = star.X
			}
			if id, ok := res.(*ast.Ident); !ok || !strings.HasSuffix(id.Name, "Action") {
				continue
			}
			actions++
			if !strings.Contains(readme, "`"+fn.Name.Name) {
				t.Errorf("README.md's vocabulary does not name lessons.%s, an action", fn.Name.Name)
			}
		}
	}
	if actions < 20 {
		t.Fatalf("found %d actions in package lessons; the test no longer finds them", actions)
	}
}
