package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// documented reads docs/json.md: the header fields, and the fields of each
// record type of the lesson stream.
func documented(t *testing.T) (header map[string]bool, types map[string]map[string]bool) {
	t.Helper()
	f, err := os.Open("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header, types = map[string]bool{}, map[string]map[string]bool{}
	var cur map[string]bool
	row := regexp.MustCompile(`^\| ([a-z]+) \| [a-z ]+ \|`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "## The lesson stream"):
			cur = header
		case strings.HasPrefix(l, "### "):
			cur = map[string]bool{}
			types[strings.TrimPrefix(l, "### ")] = cur
		case strings.HasPrefix(l, "## "):
			cur = nil
		case cur != nil:
			if m := row.FindStringSubmatch(l); m != nil && m[1] != "field" {
				cur[m[1]] = true
			}
		}
	}
	return header, types
}

// checkStream checks every record against docs/json.md and returns the
// record types seen.
func checkStream(t *testing.T, out string) map[string]int {
	t.Helper()
	header, types := documented(t)
	if len(types) < 9 || !header["schema"] {
		t.Fatalf("docs/json.md not read: header %v, types %v", header, types)
	}
	seen := map[string]int{}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, line)
		}
		typ, _ := rec["type"].(string)
		fields, ok := types[typ]
		if !ok {
			t.Errorf("line %d: record type %q is not in docs/json.md", i+1, typ)
			continue
		}
		seen[typ]++
		if _, has := rec["schema"]; has != (i == 0) {
			t.Errorf("line %d: schema present %v; it belongs in the first record only", i+1, has)
		}
		if i == 0 && rec["schema"] != lessons.SchemaVersion {
			t.Errorf("schema %v, want %s", rec["schema"], lessons.SchemaVersion)
		}
		for k := range rec {
			if !header[k] && !fields[k] {
				t.Errorf("line %d: %s record has key %q that docs/json.md does not list", i+1, typ, k)
			}
		}
	}
	return seen
}

// The -o json stream of a whole lesson, in both languages, has only the
// record types and keys docs/json.md lists, and the same keys in each.
func TestJSONStreamMatchesDocs(t *testing.T) {
	keys := map[string]string{}
	for _, lang := range []string{"en", "ko"} {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		clients, _, err := lessontest.FakeClients(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		app, _, _ := newApp(connectTo(clients))
		r := run(t, app, ctx, "run", "-o", "json", "--lang", lang)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		seen := checkStream(t, r.out)
		for _, typ := range []string{"lesson", "step", "command", "output", "event", "note", "done"} {
			if seen[typ] == 0 {
				t.Errorf("%s: no %s record in a whole lesson", lang, typ)
			}
		}
		var shape []string
		for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
			var rec map[string]any
			_ = json.Unmarshal([]byte(line), &rec)
			if rec["type"] == "step" {
				shape = append(shape, rec["key"].(string))
			}
		}
		keys[lang] = strings.Join(shape, ",")
	}
	if keys["en"] != keys["ko"] {
		t.Errorf("step keys differ by language:\nen %s\nko %s", keys["en"], keys["ko"])
	}
}

// A cluster that does not answer still gives a JSON error record on stdout.
func TestJSONErrorRecord(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "-o", "json")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	if seen := checkStream(t, r.out); seen["error"] != 1 {
		t.Errorf("no error record on stdout: %q", r.out)
	}
}

// Commands with nothing for programs refuse -o instead of ignoring it.
func TestOutputRefused(t *testing.T) {
	for _, args := range [][]string{{"-o", "json"}, {"clean", "-o", "json"}, {"version", "-o", "wide"}} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), args...)
		if r.code != 1 || !strings.Contains(r.err, "-o") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
}

func connectTo(c *kube.Clients) func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
	return func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) { return c, nil }
}
