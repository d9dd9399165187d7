package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// engineOnly are the Session's fields and methods a lesson's Go never
// names, and why: a lesson returns what it shows and notes (the runner
// reports it), reads the cluster through actions, and makes objects only
// through them.
var engineOnly = map[string]string{
	"Report":  "a lesson names .Report: return the text or note in its Output",
	"Clients": "a lesson names .Clients: read the cluster through an action (WithPod, WithPods, ServiceCheck, ...)",
}

// lessonReports finds a lesson's Go that reaches past what the engine
// hands it: a selector in engineOnly (Session.Report, Session.Clients) in
// a non-test file of a lesson's directory.
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
			if sel, ok := n.(*ast.SelectorExpr); ok && engineOnly[sel.Sel.Name] != "" {
				out = append(out, Violation{
					Key:  strings.ToLower(sel.Sel.Name) + " " + path,
					Pos:  position(root, fset, sel.Sel.Pos()),
					What: engineOnly[sel.Sel.Name],
				})
			}
			return true
		})
	}
	return out, nil
}
