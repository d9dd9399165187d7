package text

import (
	"reflect"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
)

// Facts are what a text is filled with. A text reads a fact as {{.Name}};
// a fact named "a.b" reads as {{.a.b}}.
type Facts map[string]any

// Told returns a copy of facts in which every error and duration is told in
// words in sc, as Say and Fill read them and as a record keeps them beside
// the words (report.Said).
func (sc Scene) Told(facts Facts) Facts {
	out := make(Facts, len(facts))
	for k, v := range facts {
		if err, ok := v.(error); ok {
			v = sc.Tell(err)
		}
		if d, ok := v.(time.Duration); ok {
			v = Duration(sc.Lang, d)
		}
		out[k] = v
	}
	return out
}

// kpod has one renderer, Render, and one policy for what a text lacks,
// whoever renders it:
//
//   - a fact the text reads and the facts lack reads <name> (<a.b> for
//     {{.a.b}}), so the sentence still reads and the gap shows;
//   - a function that does not know what it is asked reads the same way
//     (Unknown: <webserver-node> for Pod webserver's node);
//   - a text that does not parse or run reads as it is, {{...}} and all;
//   - a message key in no language reads as the key (Scene.Say).
//
// Render also lists what was missing and returns the template's error, for
// the callers that must not let a gap pass (a lesson run, whose Strict
// mode and tests make them errors, and the timeline) or that bring their
// own functions; Scene.Fill and Scene.Say are Render for everyone else.

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

// Of returns the exported fields of a struct (or a pointer to one) as facts,
// by their Go names; Facts as they are; nil for anything else.
func Of(v any) Facts {
	if f, ok := v.(Facts); ok {
		return f
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	out := Facts{}
	for i, f := range reflect.VisibleFields(rv.Type()) {
		if f.IsExported() && len(f.Index) == 1 {
			out[f.Name] = rv.Field(i).Interface()
		}
	}
	return out
}
