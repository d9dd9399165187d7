package texttest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
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
// messages/, and its help/: cli's) but is in another package's: a text said by one package and
// kept by another, and every err.* key kept apart from the words that
// hold most keys of its prefix (err.cli. keys are cli's). Keys are those
// with a dot ("ui.clean.none"); testdata and hidden directories are
// skipped. Entries are sorted.
func Strays(root string) ([]string, error) {
	words := map[string]text.Text{} // package directory → its words
	messages := map[string]bool{}   // package directories with messages (help/ aside)
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
			if name == "messages" || name == "help" {
				owner = filepath.Dir(path)
			}
			if name != "help" {
				if messages[owner] {
					return fmt.Errorf("%s: a second set of words for %s", path, owner)
				}
				messages[owner] = true
			}
			if words[owner] == nil {
				words[owner] = text.Text{}
			}
			for lang, secs := range t {
				if words[owner][lang] == nil {
					words[owner][lang] = map[string]text.Section{}
				}
				maps.Copy(words[owner][lang], secs)
			}
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
	// An error's key prefix (err.cli.) belongs to the package whose words
	// hold most of its keys; a key of it in other words is a stray too.
	held := map[string]map[string]int{} // prefix → directory → keys
	for dir, t := range words {
		for key := range t["en"] {
			if p := errPrefix(key); p != "" {
				if held[p] == nil {
					held[p] = map[string]int{}
				}
				held[p][dir]++
			}
		}
	}
	for p, dirs := range held {
		owner := ""
		for dir, n := range dirs {
			if owner == "" || n > dirs[owner] || n == dirs[owner] && dir < owner {
				owner = dir
			}
		}
		for dir := range dirs {
			if dir == owner {
				continue
			}
			for key := range words[dir]["en"] {
				if errPrefix(key) == p {
					rel, _ := filepath.Rel(root, dir)
					own, _ := filepath.Rel(root, owner)
					out = append(out, fmt.Sprintf("%s: key %q: %s* keys are in %s's words", filepath.ToSlash(rel), key, p, filepath.ToSlash(own)))
				}
			}
		}
	}
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

// errPrefix is an error key's first two parts with the dot ("err.cli."),
// or "" for a key that is not err.*.
func errPrefix(key string) string {
	parts := strings.SplitN(key, ".", 3)
	if len(parts) < 3 || parts[0] != "err" {
		return ""
	}
	return "err." + parts[1] + "."
}
