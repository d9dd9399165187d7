package text

import (
	"maps"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/charmbracelet/x/ansi"
)

// Scene is who a text is told to and where: how the reader runs kpod,
// their language and the namespace. Say, Tell and Fill tell a message,
// an error and a text at hand in it, naming kpod's commands as the
// reader types them ("kubectl kpod" as a kubectl plugin); a text made
// without knowing the reader (an error below the CLI) is told when the
// CLI, which knows it, tells it.
//
// Its functions are the ones every text may call; a caller adds its own
// (Funcs' extra) and documents them: lessons' {{ip "pod"}} and
// {{image "role"}}, practice's {{onnode "node" "script"}}. A text calling
// a function its caller did not add does not parse.
//
//	{{kpod}}           how the reader runs kpod (Program)
//	{{ns}}             the namespace
//	{{dur .Took}}      a length of time in the reader's words
//	{{pad "a" "bbb"}}  "a  ": padded to the widest, in columns
type Scene struct {
	Program   string // "" is "kpod"
	Lang      string // for dur; "" is English
	Namespace string
}

// Funcs returns the scene's template functions and extra's, for Render.
func (sc Scene) Funcs(extra template.FuncMap) template.FuncMap {
	m := template.FuncMap{
		"kpod": func() string { return programOr(sc.Program) },
		"ns":   func() string { return sc.Namespace },
		"dur":  func(v any) string { return Duration(sc.Lang, v) },
		"pad":  pad,
	}
	maps.Copy(m, extra)
	return m
}

// Unknown returns what a text's function gives for a Pod's what ("ip",
// "node") that it does not know, in a dry run or before the Pod has it:
// <webserver-node>, or <node> when no Pod is named.
func Unknown(pod, what string) string {
	if pod == "" {
		return "<" + what + ">"
	}
	return "<" + pod + "-" + what + ">"
}

// Say returns the body of key in words, in the scene's language, filled with
// facts and the scene's functions; an error or a length of time among the
// facts is told in the scene too. A key in no language reads as the key
// itself.
func (sc Scene) Say(words Source, key string, facts Facts) string {
	sec, ok := words.Lookup(sc.Lang, key)
	if !ok {
		return key
	}
	return sc.Fill(sec.Body, facts)
}

// Fill fills body, a text the caller holds rather than a key, with facts and
// the scene's functions, as Say fills a message (a gap reads <name>).
func (sc Scene) Fill(body string, facts Facts) string {
	out, _, _ := Render(body, sc.Funcs(nil), sc.Told(facts))
	return out
}

// pad returns s followed by spaces up to the terminal width of the widest of
// s and others, so that the lines of a formula end in one column.
func pad(s string, others ...string) string {
	w := ansi.StringWidth(s)
	for _, o := range others {
		w = max(w, ansi.StringWidth(o))
	}
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

// Program returns how the user runs kpod, from the name it was started as:
// "kubectl kpod" when it runs as a kubectl plugin, else "kpod".
func Program(arg0 string) string {
	base := strings.TrimSuffix(filepath.Base(arg0), ".exe")
	if rest, ok := strings.CutPrefix(base, "kubectl_complete-"); ok {
		return "kubectl " + strings.ReplaceAll(rest, "_", "-")
	}
	if rest, ok := strings.CutPrefix(base, "kubectl-"); ok {
		return "kubectl " + strings.ReplaceAll(rest, "_", "-")
	}
	return "kpod"
}

// programOr returns program, or "kpod" when it is empty.
func programOr(program string) string {
	if program == "" {
		return "kpod"
	}
	return program
}
