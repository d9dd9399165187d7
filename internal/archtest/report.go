package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// lessonReports finds a lesson's Go that talks to the student past its
// Output: a selector .Report (Session.Report) in a non-test file of a
// lesson's directory. A lesson returns what it shows and notes, and the
// runner reports it.
func lessonReports(root string, lines map[string]int) ([]Violation, error) {
	var files []string
	for path := range lines {
		rest, ok := strings.CutPrefix(path, LessonsDir+"/")
		if !ok {
			continue
		}
		lesson, _, ok := strings.Cut(rest, "/")
		if ok && !notLessons[lesson] {
			files = append(files, path)
		}
	}
	sort.Strings(files)
	var out []Violation
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, filepath.Join(root, path), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Report" {
				out = append(out, Violation{
					Key:  "report " + path,
					Pos:  position(root, fset, sel.Sel.Pos()),
					What: "a lesson names .Report: return the text or note in its Output",
				})
			}
			return true
		})
	}
	return out, nil
}
