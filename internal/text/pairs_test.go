package text

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template/parse"
)

// Every en.md in kpod has a ko.md beside it (and the other way round), each key is in both, and a
// key's placeholders ({{.Fact}} and function calls) are the same in both.
// A typo in one language's {{.Took}} fails here without a cluster.
func TestPairsAgree(t *testing.T) {
	root := filepath.Join("..", "..")
	var dirs []string
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if dir := filepath.Dir(path); !d.IsDir() && (d.Name() == "en.md" || d.Name() == "ko.md") && !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d text files under %s: %v", len(dirs), root, dirs)
	}
	for _, dir := range dirs {
		txt, err := Load(os.DirFS(dir))
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		for _, m := range txt.Missing() {
			t.Errorf("%s: %s", dir, m)
		}
		for key, en := range txt["en"] {
			ko, ok := txt["ko"][key]
			if !ok {
				continue // Missing said so
			}
			a, errA := placeholders(en.Title + "\n" + en.Body)
			b, errB := placeholders(ko.Title + "\n" + ko.Body)
			if errA != nil || errB != nil {
				t.Errorf("%s: %q does not parse: en %v, ko %v", dir, key, errA, errB)
				continue
			}
			name := filepath.ToSlash(dir) + " " + key
			enR, koR := strings.Join(a, " "), strings.Join(b, " ")
			if enR != koR && apart[name] != enR+" | "+koR && !(bracketed[key] && dir == "../../internal/timeline" && without(a, ".Container") == koR) {
				t.Errorf("%s: %q: en reads %v, ko reads %v", dir, key, a, b)
			}
		}
	}
}

// apart are the keys whose languages read different facts on purpose, as
// "en's | ko's" placeholders.
var apart = map[string]string{
	// English picks a plural; Korean has none.
	"../../internal/cli/messages err.cli.nopod.looked": ".Many .Namespaces .Pod | .Namespaces .Pod",
	"../../internal/cli/messages err.cli.noobject":     ".Many .Namespaces .Object | .Namespaces .Object",
	// English names the command it helps with; Korean says help alone.
	"../../internal/cli/help help":         ".Program | ",
	"../../internal/cli/help flag.help":    ".Command | ",
	"../../internal/cli/help flag.version": ".Command | ",
	// English gives the role's usage; Korean names the role in its own words.
	"../../internal/cli/help flag.image-role": ".Default .Env .Usage | .Default .Env .Role",
	// English names the kind as Kubernetes spells it (ConfigMap); Korean in its own words.
	"../../internal/diagnose config-error.missing": ".Container .Kind .KindText .Name .Namespace | .Container .KindText .Name .Namespace",
	"../../internal/diagnose config-error.volume":  ".Kind .KindText .Name .Namespace .State | .KindText .Name .Namespace .State",
	"../../internal/diagnose config-error.key":     ".Container .Key .Kind .KindText .Name | .Container .Key .KindText .Name",
}

// bracketed are the timeline texts whose line names the container in
// brackets before them ("pod/web [web] ..."): Korean does not say it again.
var bracketed = map[string]bool{
	"event.Created": true, "event.Started": true, "event.Killing": true,
	"pod.terminated": true, "pod.completed": true, "pod.oomkilled": true,
	"pod.restarted": true, "pod.restarted.again": true, "pod.crashes": true,
	"pod.crashes.same": true, "pod.ready.crashed": true,
}

// without is placeholders joined as in TestPairsAgree, leaving out p.
func without(ps []string, p string) string {
	var out []string
	for _, x := range ps {
		if x != p {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// placeholders lists, sorted and once each, the facts a template reads
// (.Name) and the calls it makes (ip "web"), as the template writes them.
func placeholders(s string) ([]string, error) {
	if !strings.Contains(s, "{{") {
		return nil, nil
	}
	tr := parse.New("t")
	tr.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := tr.Parse(s, "", "", trees); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, tree := range trees {
		walk(tree.Root, set)
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

func walk(n parse.Node, set map[string]bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, set)
		}
	case *parse.ActionNode:
		walk(n.Pipe, set)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walk(c, set)
		}
	case *parse.CommandNode:
		if len(n.Args) > 0 {
			if id, ok := n.Args[0].(*parse.IdentifierNode); ok && !builtin[id.Ident] {
				set[n.String()] = true // a call, with its arguments
			}
		}
		for _, a := range n.Args {
			walk(a, set)
		}
	case *parse.FieldNode:
		set[n.String()] = true
	case *parse.ChainNode:
		set[n.String()] = true
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			set[n.String()] = true
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, set)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, set)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, set)
	case *parse.TemplateNode:
		set["template "+n.Name] = true
		walk(n.Pipe, set)
	}
}

// builtin are text/template's own functions: logic (a plural, a
// comparison), not a placeholder.
var builtin = map[string]bool{"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true,
	"gt": true, "ge": true, "len": true, "index": true, "slice": true, "print": true, "printf": true, "println": true,
	"html": true, "js": true, "urlquery": true, "call": true}

func walkBranch(b *parse.BranchNode, set map[string]bool) {
	walk(b.Pipe, set)
	walk(b.List, set)
	walk(b.ElseList, set)
}

func TestPlaceholders(t *testing.T) {
	got, err := placeholders(`{{.Took}} and {{ip "web"}}{{if ne .a.b 1}}{{node "web"}}{{else}}{{.Took}}{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	want := `.Took .a.b ip "web" node "web"`
	if strings.Join(got, " ") != want {
		t.Errorf("placeholders = %q, want %q", got, want)
	}
}
