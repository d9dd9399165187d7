package replay

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/text"
)

// module is kpod's module path: a package's import path is it and the
// package's folder.
const module = "github.com/kpod-dev/kpod"

// Every package with words (en.md and ko.md) that a recorded run can say
// a line or raise an error from is one replay looks keys up in (words),
// or a lesson (its words come with it), or is named below with why not;
// and every other package with words is named below too, with why a run
// records none of its lines. A run that can be recorded is a lesson's
// (--record, -o json) or a practice's (-o json): what internal/lessons/all
// or internal/practice imports. A new package with words fails here until
// someone decides which it is.
func TestWordsCoverRun(t *testing.T) {
	// notLookedUp are packages a run imports whose words replay does not
	// look keys up in.
	notLookedUp := map[string]string{
		"internal/timeline": "a line of the timeline is an event record, which timeline.SayAgain says again from timeline's own words",
		"internal/draw":     "a drawing is said with lessons.SayEach: its record holds it in every language",
		"internal/diagnose": "a diagnosis is said in practice's notes as plain words, recorded as said; diagnose raises no error",
		"internal/practice": "a practice's lines carry their words in every language (Said.In) beside their keys; an error of its own that ends its -o json stream (err.practice.*) keeps its recorded words, " +
			"as its words share keys with the engine's (ui.done, ui.dryrun, ...), which TestWordsNotShadowed forbids",
	}
	// notInARun are packages no run that can be recorded imports (checked
	// below).
	notInARun := map[string]string{
		"internal/cli": "the CLI runs a lesson and is no part of it: its notes in a run are SayEach's (recorded in every language), " +
			"and an error of its own that ends a -o json stream (err.cli.record, err.cli.write) keeps its recorded words: replay cannot import cli, which imports it",
		"internal/cli/help": "the commands' help, printed by --help, never in a run",
		"internal/class":    "a class is set up by its own commands, and its errors come before a run starts",
		"internal/clean":    "kpod clean's lines, printed, never recorded",
		"internal/page":     "a page's own words, written around a recording",
		"internal/progress": "the progress file is written after a run, and its errors are warnings",
	}

	root := filepath.Join("..", "..")
	reached := imported(t, root, "internal/lessons/all", "internal/practice")
	var covered []text.Text
	for _, w := range words(nil) {
		if w != nil {
			covered = append(covered, w)
		}
	}
	for _, l := range all.Lessons {
		covered = append(covered, l.Text)
	}

	dirs := wordsDirs(t, root)
	if len(dirs) < 10 {
		t.Fatalf("found only %d packages with words under %s: %v", len(dirs), root, dirs)
	}
	for dir, w := range dirs {
		in := false
		for _, c := range covered {
			in = in || reflect.DeepEqual(c, w)
		}
		_, other := notLookedUp[dir]
		_, outside := notInARun[dir]
		switch {
		case in && (other || outside):
			t.Errorf("%s: replay finds its words, and it is listed as one it does not look in: take it off the list", dir)
		case in:
		case other && !reached[dir]:
			t.Errorf("%s: listed as a package a run imports, and none does; list it in notInARun, or take it off", dir)
		case other:
		case outside && reached[dir]:
			t.Errorf("%s: a run imports it now, so its lines and errors can be recorded: add its Words() to words, or move it to notLookedUp and say why", dir)
		case outside:
		case reached[dir]:
			t.Errorf("%s: a run imports it, and replay's words lack its words: add its Words() to words (or, if a replay finds its lines another way, say why in notLookedUp)", dir)
		default:
			t.Errorf("%s has words replay does not look in: if a run can say them, add its Words() to words; if not, say why in notInARun", dir)
		}
	}
	for _, m := range []map[string]string{notLookedUp, notInARun} {
		for dir := range m {
			if _, ok := dirs[dir]; !ok {
				t.Errorf("%s is listed, and has no words (en.md, ko.md): take it off", dir)
			}
		}
	}
}

// wordsDirs are the module's packages with words, by folder from root,
// and their words: those with en.md and ko.md, or messages/en.md and
// ko.md. Test data is left out.
func wordsDirs(t *testing.T, root string) map[string]text.Text {
	t.Helper()
	out := map[string]text.Text{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() != "en.md" {
			return nil
		}
		dir := filepath.Dir(path)
		w, err := text.Load(os.DirFS(dir))
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			return nil
		}
		pkg := dir
		if filepath.Base(dir) == "messages" {
			pkg = filepath.Dir(dir)
		}
		rel, err := filepath.Rel(root, pkg)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = w
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// imported is the set of the module's packages (by folder from root)
// that the packages in folders from import, themselves and indirectly
// included, as a build without tags sees them (tests left out).
func imported(t *testing.T, root string, from ...string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	var visit func(dir string)
	visit = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		p, err := build.ImportDir(filepath.Join(root, filepath.FromSlash(dir)), 0)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, imp := range p.Imports {
			if rest, ok := strings.CutPrefix(imp, module+"/"); ok {
				visit(rest)
			}
		}
	}
	for _, f := range from {
		visit(f)
	}
	if !seen["internal/lessons"] || !seen["internal/kube"] {
		t.Fatalf("the imports of %s miss the engine or kube: %v", from, sorted(seen))
	}
	return seen
}

// sorted is m's keys in order.
func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
