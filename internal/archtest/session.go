package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// lessonSessions finds a lesson's Go that names the engine's Session (a
// lessons.Session in a non-test file of a lesson's directory): a lesson
// works through the View the vocabulary hands its callbacks, and an action
// of its own, which would take the whole Session, belongs in the
// vocabulary. A lesson's tests may build a Session to drive its code.
func lessonSessions(root string, lines map[string]int) ([]Violation, error) {
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
		engine := engineName(f)
		if engine == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Session" {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == engine {
				out = append(out, Violation{
					Key:  "session " + path,
					Pos:  position(root, fset, sel.Pos()),
					What: "a lesson names lessons.Session: work through the View its callbacks get; an action of its own belongs in the vocabulary",
				})
			}
			return true
		})
	}
	return out, nil
}

// engineName is the name f imports the lesson engine (LessonsDir) under,
// or "" if it does not.
func engineName(f *ast.File) string {
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || !strings.HasSuffix(path, "/"+LessonsDir) {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return filepath.Base(path)
	}
	return ""
}
