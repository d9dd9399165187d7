package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
)

// docField is one row of a table of docs/json.md.
type docField struct {
	typ      string // string, number, integer, boolean, object, array or any
	optional bool
}

// docSection is a "## " section of docs/json.md: the fields every record
// of it has (the table before its first "### "), the fields of each record
// type ("### TYPE"), and the schema it names ("Schema: `...`").
type docSection struct {
	header map[string]docField
	types  map[string]map[string]docField
	schema string
}

// documented reads docs/json.md's sections, by title.
func documented(t *testing.T) map[string]*docSection {
	t.Helper()
	data, err := os.ReadFile("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| ([A-Za-z_]+) \\| ([a-z]+)(, optional)? \\| .* \\|$")
	schema := regexp.MustCompile("Schema: `([^`]+)`")
	docs := map[string]*docSection{}
	var sec *docSection
	var cur map[string]docField
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			sec = &docSection{header: map[string]docField{}, types: map[string]map[string]docField{}}
			docs[strings.TrimPrefix(l, "## ")] = sec
			cur = sec.header
		case strings.HasPrefix(l, "### ") && sec != nil:
			cur = map[string]docField{}
			sec.types[strings.TrimPrefix(l, "### ")] = cur
		case sec != nil:
			if m := schema.FindStringSubmatch(l); m != nil {
				sec.schema = m[1]
			}
			if m := row.FindStringSubmatch(l); m != nil && m[1] != "field" {
				if !strings.Contains(" string number integer boolean object array any ", " "+m[2]+" ") {
					t.Errorf("docs/json.md: field %s has the type %q", m[1], m[2])
				}
				cur[m[1]] = docField{typ: m[2], optional: m[3] != ""}
			}
		}
	}
	return docs
}

// Sections of docs/json.md the tests rely on.
const (
	docStream   = "The lesson stream (every lesson, and `kpod watch POD`)"
	docPractice = "The practice stream (`kpod practice`)"
	docOther    = "The other commands"
)

// section is the section titled title, or the test fails.
func (d docs) section(t *testing.T, title string) *docSection {
	t.Helper()
	s, ok := d[title]
	if !ok {
		t.Fatalf("docs/json.md has no section %q", title)
	}
	return s
}

type docs map[string]*docSection

// jsonTypeOK says whether v is of the documented type typ.
func jsonTypeOK(typ string, v any) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	}
	return typ == "any"
}

// checkRecord checks rec against the fields of its type and the header
// fields: every key documented with its type, every required key there.
func checkRecord(t *testing.T, where string, rec map[string]any, header, fields map[string]docField) {
	t.Helper()
	for k, v := range rec {
		f, ok := fields[k]
		if !ok {
			f, ok = header[k]
		}
		if !ok {
			t.Errorf("%s: key %q is not in docs/json.md", where, k)
		} else if !jsonTypeOK(f.typ, v) {
			t.Errorf("%s: key %q is %T (%v), docs/json.md says %s", where, k, v, v, f.typ)
		}
	}
	for _, m := range []map[string]docField{header, fields} {
		for k, f := range m {
			if _, has := rec[k]; !has && !f.optional {
				t.Errorf("%s: no key %q, which docs/json.md says is always there", where, k)
			}
		}
	}
}

// records parses out: one JSON object per line, or one indented object
// (version).
func records(t *testing.T, what, out string, indented bool) []map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if indented {
		lines = []string{out}
	}
	var recs []map[string]any
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s: line %d is not a JSON object: %v: %s", what, i+1, err, line)
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 || out == "" {
		t.Fatalf("%s: no records", what)
	}
	return recs
}

// checkStream checks a lesson stream (with practice's records when
// practice) against docs/json.md and returns the record types seen.
func checkStream(t *testing.T, out string, practice bool) map[string]int {
	t.Helper()
	d := docs(documented(t))
	stream := d.section(t, docStream)
	types := map[string]map[string]docField{}
	for k, v := range stream.types {
		types[k] = v
	}
	if practice {
		for k, v := range d.section(t, docPractice).types {
			types[k] = v
		}
	}
	if len(stream.types) < 10 || !stream.header["schema"].optional {
		t.Fatalf("docs/json.md not read: %+v", stream)
	}
	seen := map[string]int{}
	for i, rec := range records(t, "stream", out, false) {
		typ, _ := rec["type"].(string)
		where := fmt.Sprintf("line %d (%s)", i+1, typ)
		fields, ok := types[typ]
		if !ok {
			t.Errorf("%s: record type %q is not in docs/json.md", where, typ)
			continue
		}
		seen[typ]++
		checkRecord(t, where, rec, stream.header, fields)
		if _, has := rec["schema"]; has != (i == 0) && typ != "error" {
			t.Errorf("%s: schema present %v; it belongs in the first record (and may be in the error record) only", where, has)
		}
		if has := rec["schema"] != nil; has && rec["schema"] != report.SchemaVersion {
			t.Errorf("%s: schema %v, want %s", where, rec["schema"], report.SchemaVersion)
		}
	}
	return seen
}

// checkCommand checks the records of a command outside the lesson stream:
// each of one of the types allowed, documented in the command's section,
// with its schema; or the lesson stream's error record. It returns the
// records.
func checkCommand(t *testing.T, what, out, title string, allowed []string, indented bool) []map[string]any {
	t.Helper()
	d := docs(documented(t))
	sec, other, stream := d.section(t, title), d.section(t, docOther), d.section(t, docStream)
	if sec.schema == "" || len(other.header) != 2 {
		t.Fatalf("docs/json.md: section %q names no schema, or %q has no header table", title, docOther)
	}
	recs := records(t, what, out, indented)
	for i, rec := range recs {
		typ, _ := rec["type"].(string)
		where := fmt.Sprintf("%s: line %d (%s)", what, i+1, typ)
		if typ == "error" {
			checkRecord(t, where, rec, stream.header, stream.types["error"])
			continue
		}
		if !slices.Contains(allowed, typ) {
			t.Errorf("%s: record type %q; %s writes %v", where, typ, what, allowed)
			continue
		}
		fields, ok := sec.types[typ]
		if !ok {
			t.Errorf("%s: record type %q has no table under %q in docs/json.md", where, typ, title)
			continue
		}
		checkRecord(t, where, rec, other.header, fields)
		if rec["schema"] != sec.schema {
			t.Errorf("%s: schema %v, docs/json.md says %s", where, rec["schema"], sec.schema)
		}
	}
	return recs
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
		seen := checkStream(t, r.out, false)
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

// With -o json and --record, the done record on stdout and the one in the
// file both count the API requests made.
func TestJSONRecordBothCountRequests(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients, _, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clients.Requests = &kube.Requests{} // the fake counts nothing itself
	clients.Requests.Add("list")
	clients.Requests.Add("list")
	clients.Requests.Add("watch")
	app, _, _ := newApp(connectTo(clients))
	file := filepath.Join(t.TempDir(), "run.json")
	r := run(t, app, ctx, "run", "-o", "json", "--record", file)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	recorded, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for where, out := range map[string]string{"stdout": r.out, "--record": string(recorded)} {
		var done struct {
			Requests       *int
			RequestsByVerb map[string]int `json:"requests_by_verb"`
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if strings.Contains(line, `"type":"done"`) {
				_ = json.Unmarshal([]byte(line), &done)
			}
		}
		if done.Requests == nil || *done.Requests < 3 || done.RequestsByVerb["list"] < 2 {
			t.Errorf("%s: the done record lacks the requests (%v, %v):\n%s", where, done.Requests, done.RequestsByVerb, out)
		}
	}
}

// A cluster that does not answer still gives a JSON error record on stdout.
func TestJSONErrorRecord(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "-o", "json")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	if seen := checkStream(t, r.out, false); seen["error"] != 1 {
		t.Errorf("no error record on stdout: %q", r.out)
	}
}

// Commands with nothing for programs refuse -o instead of ignoring it.
func TestOutputRefused(t *testing.T) {
	for _, args := range [][]string{{"-o", "json"}, {"clean", "-o", "json"}, {"version", "-o", "wide"}, {"help", "-o", "json"}, {"completion", "bash", "-o", "json"}} {
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

// A command's error record carries its code and the facts of its message,
// as a lesson's does, so that replay can tell it in another language.
func TestJSONErrorRecordHasFacts(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "probe", "--mechanism", "nope", "-o", "json")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	var rec struct {
		Type, Code string
		Facts      map[string]any
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(r.out)), &rec); err != nil {
		t.Fatalf("%v: %q", err, r.out)
	}
	if rec.Type != "error" || rec.Code != "err.lesson.choice" || rec.Facts["Got"] != "nope" {
		t.Errorf("error record %+v from %q", rec, r.out)
	}
}
