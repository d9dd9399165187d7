package lessons

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// sayers are the calls whose first string argument is a key of Messages:
// text.Err, text.Error{Key: ...}, lessons.Say and the cli's and kind's say.
var sayers = map[string]int{"Err": 0, "Say": 1, "say": 0}

// practiceWords reports whether fn is the Say of practice's own messages
// (practice.Messages), which its tests check.
func practiceWords(path string, fn ast.Expr) bool {
	sel, ok := fn.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch x := sel.X.(type) {
	case *ast.Ident:
		return x.Name == "Messages" && strings.HasPrefix(filepath.ToSlash(path), "../practice/")
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "practice" && x.Sel.Name == "Messages"
	}
	return false
}

// usedKeys finds every message key kpod's Go code names literally, and the
// key prefixes it completes at run time ("doctor." + key).
func usedKeys(t *testing.T) (keys map[string]string, prefixes map[string]string) {
	t.Helper()
	keys, prefixes = map[string]string{}, map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var arg ast.Expr
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				i, ok := sayers[name]
				if !ok || practiceWords(path, n.Fun) {
					return true
				}
				if name == "say" && len(n.Args) == 3 { // kind's say(sentinel, key, facts)
					i = 1
				}
				if i < len(n.Args) {
					arg = n.Args[i]
				}
			case *ast.CompositeLit: // text.Error{Key: ...}
				if sel, ok := n.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Error" {
					return true
				}
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Key" {
							arg = kv.Value
						}
					}
				}
			}
			if arg == nil {
				return true
			}
			where := fset.Position(n.Pos()).String()
			switch a := arg.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(a.Value); err == nil && a.Kind == token.STRING {
					keys[s] = where
				}
			case *ast.BinaryExpr: // "doctor." + key
				if l, ok := a.X.(*ast.BasicLit); ok && l.Kind == token.STRING {
					s, _ := strconv.Unquote(l.Value)
					prefixes[s] = where
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, prefixes
}

// ownWords are the texts of the package (or lesson) whose file is at
// where (file:line:col), if it has its own en.md and ko.md.
func ownWords(t *testing.T, where string) text.Text {
	dir := filepath.Dir(strings.Split(where, ":")[0])
	if dir == "../kube" { // kube's words are in kube/kubetext
		dir = "../kube/kubetext"
	}
	if _, err := os.Stat(filepath.Join(dir, "en.md")); err != nil || dir == "../diagnose" {
		return nil
	}
	words, err := text.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	return words
}

// cliMessages are the command line's own words (err.cli.*, doctor.*):
// cli registers them, and packages below it name err.cli keys for the
// flags they check.
func cliMessages(t *testing.T) text.Text {
	t.Helper()
	words, err := text.Load(os.DirFS("../cli/messages"))
	if err != nil {
		t.Fatal(err)
	}
	return words
}

// Every message key the code names is there in every language, so no user
// ever reads a bare key or falls back to English.
func TestMessageKeysExist(t *testing.T) {
	keys, prefixes := usedKeys(t)
	if len(keys) < 100 {
		t.Fatalf("found only %d message keys in the code; is the scan broken?", len(keys))
	}
	cli := cliMessages(t)
	for key, where := range keys {
		if !strings.Contains(key, ".") || strings.ContainsAny(key, " /") {
			continue // not a message key (a file name, a role)
		}
		own := ownWords(t, where) // a lesson's (or kind's) errors are in its own files
		for _, lang := range text.Languages {
			if _, ok := Messages[lang][key]; !ok && !cli.Has(key) {
				if _, ok := own[lang][key]; !ok {
					t.Errorf("%s: message %q is not in messages/%s.md", where, key, lang)
				}
			}
		}
	}
	// Keys made at run time: every completion the code can make.
	made := map[string][]string{
		"doctor.":      {"err.kind.docker.denied", "err.kind.docker.down", "err.kind.podman.down"},
		"doctor.name.": {"container-engine", "cluster", "nodes", "permissions", "node-access", "lesson-images", "kubectl"},
		"kind.quirk.":  {"cgroup-v1", "oom-score"},
	}
	for prefix, where := range prefixes {
		rests, ok := made[prefix]
		if !ok {
			t.Errorf("%s: key prefix %q: list its keys in this test", where, prefix)
		}
		own := ownWords(t, where)
		for _, rest := range rests {
			for _, lang := range text.Languages {
				for _, key := range []string{prefix + rest, prefix + rest + ".fix"} {
					_, ok := Messages[lang][key]
					if _, c := cli[lang][key]; c {
						ok = true
					}
					if _, mine := own[lang][key]; !ok && !mine && (prefix == "doctor." || key == prefix+rest) {
						t.Errorf("%s: message %q is not in messages/%s.md", where, key, lang)
					}
				}
			}
		}
	}
}
