// Package archtest checks the size bar of issue #22 on a Go module's source
// tree: no non-test Go file over MaxFileLines lines, no type whose method set
// and functions that take it first have more than MaxMethods members, no
// package-level variable that a test assigns, no lesson whose steps file
// (the one declaring its Lesson value) is over MaxLessonLines lines, no
// lesson whose Go names lessons.Session (it works through a View). Lines
// are counted in every module under the root (the tools' modules in scripts/
// too); types and variables in the root module's packages.
package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// The bar.
const (
	MaxFileLines   = 500
	MaxMethods     = 25
	MaxLessonLines = 250
)

// LessonsDir holds one directory per lesson; the directories in notLessons
// are the engine's helpers, not lessons.
const LessonsDir = "internal/lessons"

var notLessons = map[string]bool{"lessontest": true, "all": true, "messages": true}

// A Violation is one place the tree is over the bar.
type Violation struct {
	Key  string // what is over, without numbers: "file internal/x/y.go", "type lessons.Session"
	Pos  string // file:line, relative to the module root
	What string // the sentence told, with the number
}

func (v Violation) String() string { return v.Pos + ": " + v.What }

// Check reads the module rooted at root and returns every violation, sorted.
// It runs `go list` there to find the module's packages and the compiled
// export data of their imports.
func Check(root string) ([]Violation, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var out []Violation
	lines, err := fileLines(root)
	if err != nil {
		return nil, err
	}
	out = append(out, bigFiles(lines)...)
	lessons, err := bigLessons(root, lines)
	if err != nil {
		return nil, err
	}
	out = append(out, lessons...)
	sessions, err := lessonSessions(root, lines)
	if err != nil {
		return nil, err
	}
	out = append(out, sessions...)
	pkgs, err := load(root)
	if err != nil {
		return nil, err
	}
	out = append(out, bigTypes(root, pkgs)...)
	swaps, err := swappedVars(root, pkgs)
	if err != nil {
		return nil, err
	}
	out = append(out, swaps...)
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out, nil
}

// fileLines counts the lines of every non-test .go file under root, by path
// relative to root (slash-separated); testdata and hidden directories are skipped.
func fileLines(root string) (map[string]int, error) {
	lines := map[string]int{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n := bytes.Count(b, []byte("\n"))
		if len(b) > 0 && b[len(b)-1] != '\n' {
			n++
		}
		rel, _ := filepath.Rel(root, path)
		lines[filepath.ToSlash(rel)] = n
		return nil
	})
	return lines, err
}

func bigFiles(lines map[string]int) []Violation {
	var out []Violation
	for path, n := range lines {
		if n > MaxFileLines {
			out = append(out, Violation{
				Key:  "file " + path,
				Pos:  path + ":1",
				What: fmt.Sprintf("file has %d lines (max %d)", n, MaxFileLines),
			})
		}
	}
	return out
}

// stepsFile is the line that declares a lesson's Lesson value.
var stepsFile = regexp.MustCompile(`(?m)^var Lesson\b`)

// bigLessons holds each lesson's steps file, the one declaring its Lesson
// value, to MaxLessonLines; its helper files are held to MaxFileLines only.
func bigLessons(root string, lines map[string]int) ([]Violation, error) {
	var out []Violation
	for path, n := range lines {
		rest, ok := strings.CutPrefix(path, LessonsDir+"/")
		if !ok || n <= MaxLessonLines {
			continue
		}
		lesson, file, ok := strings.Cut(rest, "/")
		if !ok || strings.Contains(file, "/") || notLessons[lesson] {
			continue // a file of the engine itself, or a helper directory
		}
		b, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			return nil, err
		}
		if stepsFile.Match(b) {
			dir := LessonsDir + "/" + lesson
			out = append(out, Violation{
				Key:  "lesson " + dir,
				Pos:  path + ":1",
				What: fmt.Sprintf("lesson %s has %d lines in its steps file (max %d)", lesson, n, MaxLessonLines),
			})
		}
	}
	return out, nil
}

// A pkg is one of the module's packages, parsed and type-checked from its
// non-test files.
type pkg struct {
	path  string // import path
	dir   string
	fset  *token.FileSet
	types *types.Package
}

type listed struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	DepOnly    bool
	Error      *struct{ Err string }
}

// load type-checks the module's packages from source; their imports come
// from the export data `go list -export` names.
func load(root string) ([]*pkg, error) {
	cmd := exec.Command("go", "list", "-e", "-export", "-deps", "-json=ImportPath,Dir,Export,GoFiles,DepOnly,Error", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list in %s: %v: %s", root, err, stderr.String())
	}
	exports := map[string]string{}
	var mine []listed
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Error != nil {
			return nil, fmt.Errorf("go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if !p.DepOnly {
			mine = append(mine, p)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	var out []*pkg
	for _, p := range mine {
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		conf := types.Config{Importer: imp.(types.ImporterFrom)}
		tp, err := conf.Check(p.ImportPath, fset, files, nil)
		if err != nil {
			return nil, fmt.Errorf("type-checking %s: %v", p.ImportPath, err)
		}
		out = append(out, &pkg{path: p.ImportPath, dir: p.Dir, fset: fset, types: tp})
	}
	return out, nil
}

// bigTypes counts the method set a reader meets for every named type: the
// methods of T and *T, exported or not, and those promoted from embedded
// fields; and, as methods too, the package's functions that take a T or *T
// first (after a context.Context), since moving a method out of the type
// that way does not make the type smaller.
func bigTypes(root string, pkgs []*pkg) []Violation {
	var out []Violation
	for _, p := range pkgs {
		scope := p.types.Scope()
		funcs := funcsOf(p.types)
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			var t types.Type = tn.Type()
			if !types.IsInterface(t) {
				t = types.NewPointer(t)
			}
			fn := funcs[tn]
			n := types.NewMethodSet(t).Len() + fn
			if n > MaxMethods {
				qual := p.types.Name() + "." + name
				what := fmt.Sprintf("type %s has %d methods (max %d)", qual, n, MaxMethods)
				if fn > 0 {
					what = fmt.Sprintf("type %s has %d methods, %d of them functions that take it first (max %d)", qual, n, fn, MaxMethods)
				}
				out = append(out, Violation{Key: "type " + qual, Pos: position(root, p.fset, tn.Pos()), What: what})
			}
		}
	}
	return out
}

// funcsOf counts, for each of p's named types that is not an interface,
// p's package-level functions whose first parameter, after a leading
// context.Context, is of that type or a pointer to it. Two kinds are not
// methods in all but name and are left out: a constructor (new..., New...),
// which makes another thing from a T as kubectl's NewCmd(f) does, and a
// function of the same signature as one of p's function types (a
// practice.Rule), which is a value of that type.
func funcsOf(p *types.Package) map[*types.TypeName]int {
	n := map[*types.TypeName]int{}
	scope := p.Scope()
	var kinds []*types.Signature // p's function types
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			if sig, ok := tn.Type().Underlying().(*types.Signature); ok {
				kinds = append(kinds, sig)
			}
		}
	}
	for _, name := range scope.Names() {
		f, ok := scope.Lookup(name).(*types.Func)
		if !ok || constructor(name) {
			continue
		}
		sig := f.Type().(*types.Signature)
		if valueOf(sig, kinds) {
			continue
		}
		params := sig.Params()
		i := 0
		if i < params.Len() && isContext(params.At(i).Type()) {
			i++
		}
		if i == params.Len() {
			continue
		}
		t := params.At(i).Type()
		if ptr, ok := t.(*types.Pointer); ok {
			t = ptr.Elem()
		}
		named, ok := t.(*types.Named)
		if !ok || named.Obj().Pkg() != p || types.IsInterface(named) {
			continue
		}
		n[named.Obj()]++
	}
	return n
}

// constructor reports whether a function called name makes a value: new,
// newX, New, NewX.
func constructor(name string) bool {
	for _, prefix := range []string{"new", "New"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && (rest == "" || unicode.IsUpper([]rune(rest)[0])) {
			return true
		}
	}
	return false
}

func valueOf(sig *types.Signature, kinds []*types.Signature) bool {
	for _, k := range kinds {
		if types.Identical(sig, k) {
			return true
		}
	}
	return false
}

func isContext(t types.Type) bool {
	named, ok := t.(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "context" && named.Obj().Name() == "Context"
}

// swappedVars finds assignments in _test.go files to a package-level
// variable of the module's non-test code: `now = ...` in the package's own
// tests, `pkg.Default = ...` in any test, or to a field or element of one.
func swappedVars(root string, pkgs []*pkg) ([]Violation, error) {
	byPath := map[string]*pkg{}
	for _, p := range pkgs {
		byPath[p.path] = p
	}
	var out []Violation
	for _, own := range pkgs {
		tests, err := filepath.Glob(filepath.Join(own.dir, "*_test.go"))
		if err != nil {
			return nil, err
		}
		for _, name := range tests {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, 0) // resolves the file's own names
			if err != nil {
				return nil, err
			}
			imports := importNames(f, byPath)
			ast.Inspect(f, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || as.Tok == token.DEFINE {
					return true
				}
				for _, lhs := range as.Lhs {
					p, v := assigned(lhs, f.Name.Name, own, imports, byPath)
					if v == nil {
						continue
					}
					qual := p.types.Name() + "." + v.Name()
					out = append(out, Violation{
						Key:  "swap " + relPath(root, name) + " " + qual,
						Pos:  position(root, fset, lhs.Pos()),
						What: fmt.Sprintf("test assigns package-level var %s (declared at %s)", qual, position(root, p.fset, v.Pos())),
					})
				}
				return true
			})
		}
	}
	return out, nil
}

// assigned returns the package-level variable of the module's non-test
// code that lhs writes, and its package; nil if none. filePkg is the
// package clause of the test file, own the package of its directory.
func assigned(lhs ast.Expr, filePkg string, own *pkg, imports map[string]string, byPath map[string]*pkg) (*pkg, *types.Var) {
	for { // strip to the root: v.f, v[i], *v, (v)
		switch e := lhs.(type) {
		case *ast.ParenExpr:
			lhs = e.X
		case *ast.StarExpr:
			lhs = e.X
		case *ast.IndexExpr:
			lhs = e.X
		case *ast.SelectorExpr:
			if id, ok := e.X.(*ast.Ident); ok && id.Obj == nil {
				if p := byPath[imports[id.Name]]; p != nil {
					if v := packageVar(p, e.Sel.Name); v != nil {
						return p, v // pkg.V
					}
				}
			}
			lhs = e.X
		case *ast.Ident:
			// A name the test file does not declare itself is its package's.
			if e.Obj == nil && filePkg == own.types.Name() {
				if v := packageVar(own, e.Name); v != nil {
					return own, v
				}
			}
			return nil, nil
		default:
			return nil, nil
		}
	}
}

func packageVar(p *pkg, name string) *types.Var {
	v, _ := p.types.Scope().Lookup(name).(*types.Var)
	return v
}

// importNames maps the names a file uses for the module's packages it
// imports to their import paths.
func importNames(f *ast.File, byPath map[string]*pkg) map[string]string {
	m := map[string]string{}
	for _, spec := range f.Imports {
		path := strings.Trim(spec.Path.Value, `"`)
		p := byPath[path]
		if p == nil {
			continue
		}
		name := p.types.Name()
		if spec.Name != nil {
			name = spec.Name.Name
		}
		m[name] = path
	}
	return m
}

func position(root string, fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", relPath(root, p.Filename), p.Line)
}

func relPath(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}
