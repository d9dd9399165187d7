package texttest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/kpod-dev/kpod/internal/text"
)

// Strays reads the Go module at root and lists every message key a
// package's Go code (tests left out) names as a string literal that is not
// in the package's own words (en.md and ko.md in its directory or in its
// messages/) but is in another package's: a text said by one package and
// kept by another. Keys are those with a dot ("ui.clean.none"); testdata
// and hidden directories are skipped. Each entry reads
// "file:line: key "k" is in dir's words"; entries are sorted.
func Strays(root string) ([]string, error) {
	words := map[string]text.Text{} // package directory → its words
	var dirs []string               // package directories with Go files
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(path, "en.md")); err == nil {
			t, err := text.Load(os.DirFS(path))
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			owner := path
			if name == "messages" {
				owner = filepath.Dir(path)
			}
			if words[owner] != nil {
				return fmt.Errorf("%s: a second set of words for %s", path, owner)
			}
			words[owner] = t
		}
		dirs = append(dirs, path)
		return nil
	})
	if err != nil {
		return nil, err
	}
	keeper := map[string][]string{} // key → the directories whose words hold it
	for dir, t := range words {
		for key := range t["en"] {
			if strings.Contains(key, ".") {
				keeper[key] = append(keeper[key], dir)
			}
		}
	}
	var out []string
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				return nil, err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				key, err := strconv.Unquote(lit.Value)
				if err != nil || len(keeper[key]) == 0 {
					return true
				}
				if _, own := words[dir]["en"][key]; own {
					return true
				}
				p := fset.Position(lit.Pos())
				rel, _ := filepath.Rel(root, p.Filename)
				others := make([]string, len(keeper[key]))
				for i, d := range keeper[key] {
					others[i], _ = filepath.Rel(root, d)
				}
				sort.Strings(others)
				out = append(out, fmt.Sprintf("%s:%d: key %q is in %s's words", filepath.ToSlash(rel), p.Line, key, strings.Join(others, ", ")))
				return true
			})
		}
	}
	sort.Strings(out)
	return out, nil
}
