package lessons

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
)

// Languages kpod speaks, in the order they are offered.
var Languages = []string{"en", "ko"}

// Section is one part of a text file: "## key: Title" followed by its body.
type Section struct {
	Title string
	Body  string
}

// Text holds a lesson's (or the engine's) words in every language.
type Text map[string]map[string]Section

// ParseText reads a text file. "# Title" becomes the key "title", the lines
// before the first "## " heading become "intro", and every "## key" or
// "## key: Title" heading starts a section.
func ParseText(data []byte) (map[string]Section, error) {
	out := map[string]Section{}
	key, title := "intro", ""
	var body strings.Builder
	flush := func() {
		b := strings.TrimSpace(body.String())
		if b != "" || title != "" {
			out[key] = Section{Title: title, Body: b}
		}
		body.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# ") && len(out) == 0 && key == "intro" && body.Len() == 0:
			out["title"] = Section{Title: strings.TrimSpace(line[2:])}
		case strings.HasPrefix(line, "## "):
			flush()
			head := strings.TrimSpace(line[3:])
			key, title, _ = strings.Cut(head, ":")
			key, title = strings.TrimSpace(key), strings.TrimSpace(title)
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("section %q appears twice", key)
			}
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	return out, sc.Err()
}

// LoadText reads <lang>.md for every language from fsys.
func LoadText(fsys fs.FS) (Text, error) {
	t := Text{}
	for _, lang := range Languages {
		data, err := fs.ReadFile(fsys, lang+".md")
		if err != nil {
			return nil, err
		}
		secs, err := ParseText(data)
		if err != nil {
			return nil, fmt.Errorf("%s.md: %w", lang, err)
		}
		t[lang] = secs
	}
	return t, nil
}

// MustLoadText is LoadText for embedded files, which are known at build time.
func MustLoadText(fsys fs.FS) Text {
	t, err := LoadText(fsys)
	if err != nil {
		panic(err)
	}
	return t
}

// Missing lists keys that one language has and another lacks.
func (t Text) Missing() []string {
	var out []string
	for _, a := range Languages {
		for key := range t[a] {
			for _, b := range Languages {
				if _, ok := t[b][key]; !ok {
					out = append(out, fmt.Sprintf("%s.md lacks %q (found in %s.md)", b, key, a))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Get returns the section for key in lang, falling back to English. A key
// in no language gives an empty section: a session reports it as a problem
// (Session.Strict makes that an error in tests) rather than show the key.
func (t Text) Get(lang, key string) Section {
	s, _ := t.Lookup(lang, key)
	return s
}

// Lookup is Get that also says whether key exists.
func (t Text) Lookup(lang, key string) (Section, bool) {
	if s, ok := t[lang][key]; ok {
		return s, true
	}
	s, ok := t["en"][key]
	return s, ok
}

// Has reports whether key exists in English.
func (t Text) Has(key string) bool {
	_, ok := t["en"][key]
	return ok
}

// Facts are what a text is filled with: what the lesson learned during the
// run (Session.Fact) and what one call adds. A text reads a fact as
// {{.Name}}; a fact named "a.b" reads as {{.a.b}}.
type Facts map[string]any

// Render fills the {{...}} of text from facts and funcs (text/template). A
// fact it lacks renders as <name> and is listed in missing; a template that
// does not parse or run returns an error, with text as it was.
func Render(text string, funcs template.FuncMap, facts Facts) (out string, missing []string, err error) {
	if !strings.Contains(text, "{{") {
		return text, nil, nil
	}
	tpl, err := template.New("").Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return text, nil, err
	}
	data := nest(facts)
	var paths [][]string
	fields(tpl.Tree.Root, &paths)
	for _, p := range paths {
		if !fill(data, p) {
			missing = append(missing, strings.Join(p, "."))
		}
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return text, missing, err
	}
	return b.String(), missing, nil
}

// nest turns facts named "a.b" into maps, so a template reads {{.a.b}}.
func nest(facts Facts) map[string]any {
	keys := make([]string, 0, len(facts))
	for k := range facts {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "a" before "a.b": the longer name wins
	out := map[string]any{}
	for _, k := range keys {
		parts := strings.Split(k, ".")
		m := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = facts[k]
	}
	return out
}

// fill reports whether data has the fact at path; if not, it puts the
// placeholder <a.b> there.
func fill(data map[string]any, path []string) bool {
	m := data
	for i, p := range path {
		v, ok := m[p]
		if !ok {
			for _, q := range path[i : len(path)-1] {
				next := map[string]any{}
				m[q] = next
				m = next
			}
			m[path[len(path)-1]] = "<" + strings.Join(path, ".") + ">"
			return false
		}
		if i == len(path)-1 {
			return true
		}
		if m, ok = v.(map[string]any); !ok {
			return true // not a map: the template's own error says so
		}
	}
	return true
}

// fields lists the {{.a.b}} a template reads from its data (not those
// inside range or with, where the dot is something else).
func fields(n parse.Node, out *[][]string) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				fields(c, out)
			}
		}
	case *parse.ActionNode:
		fields(n.Pipe, out)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				fields(c, out)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			fields(a, out)
		}
	case *parse.FieldNode:
		*out = append(*out, n.Ident)
	case *parse.IfNode:
		fields(n.Pipe, out)
		fields(n.List, out)
		fields(n.ElseList, out)
	case *parse.RangeNode:
		fields(n.Pipe, out)
		fields(n.ElseList, out)
	case *parse.WithNode:
		fields(n.Pipe, out)
		fields(n.ElseList, out)
	}
}

// Fill runs s as a template over data, quietly.
//
// Deprecated: use Session.Expand or Session.Text with Facts, which report
// missing facts and template errors. Fill stays until the last callers move.
func Fill(s string, data any) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	tpl, err := template.New("").Option("missingkey=zero").Parse(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return s
	}
	return b.String()
}

// Facts turns Vars into Facts, every field included.
//
// Deprecated: pass Facts; Vars stays until the last callers move.
func (v Vars) Facts() Facts {
	return Facts{"Pod": v.Pod, "Container": v.Container, "Node": v.Node, "IP": v.IP, "Message": v.Message,
		"Image": v.Image, "Status": v.Status, "Reason": v.Reason, "Phase": v.Phase,
		"Count": v.Count, "ExitCode": v.ExitCode, "Restarts": v.Restarts}
}
