package text

import (
	"path/filepath"
	"strings"
	"text/template"

	"github.com/charmbracelet/x/ansi"
)

// Scene is what the functions of a text read. Each function a text may
// call is here; one left nil is not defined, and a text calling it does
// not parse.
//
//	{{kpod}}                      how the student runs kpod (Program)
//	{{ns}}                        the namespace
//	{{image "role"}}              the image of a role
//	{{fact "pod-id"}}             a fact whose name is not a Go identifier
//	{{ip "pod"}} {{node "pod"}}   a Pod's IP and node
//	{{sandbox "pod"}}             a Pod's sandbox ID, on its node
//	{{onnode "node" "script"}}    a command run on a node
//	{{copy "node" "from" "to"}}   a file copied onto a node
//	{{staticPodPath "node"}}      the kubelet's static Pod directory
//	{{dur .Took}}                 a length of time in the reader's words
//	{{pad "a" "bbb"}}             "a  ": padded to the widest, in columns
type Scene struct {
	Program       string // "" is "kpod"
	Lang          string // for dur; "" is English
	Namespace     string
	Image         func(role string) string
	Fact          func(name string) string
	IP            func(pod string) string
	Node          func(pod string) string
	Sandbox       func(pod string) string
	OnNode        func(node, script string) string
	Copy          func(node, from, to string) string
	StaticPodPath func(node string) string
}

// Funcs are the scene's template functions, for Render.
func (sc Scene) Funcs() template.FuncMap {
	m := template.FuncMap{
		"kpod": func() string { return programOr(sc.Program) },
		"ns":   func() string { return sc.Namespace },
		"dur":  func(v any) string { return Duration(sc.Lang, v) },
		"pad":  pad,
	}
	add := func(name string, fn any, set bool) {
		if set {
			m[name] = fn
		}
	}
	add("image", sc.Image, sc.Image != nil)
	add("fact", sc.Fact, sc.Fact != nil)
	add("ip", sc.IP, sc.IP != nil)
	add("node", sc.Node, sc.Node != nil)
	add("sandbox", sc.Sandbox, sc.Sandbox != nil)
	add("onnode", sc.OnNode, sc.OnNode != nil)
	add("copy", sc.Copy, sc.Copy != nil)
	add("staticPodPath", sc.StaticPodPath, sc.StaticPodPath != nil)
	return m
}

// pad is s with spaces after it up to the terminal width of the widest of
// s and others: the lines of a formula end in one column.
func pad(s string, others ...string) string {
	w := ansi.StringWidth(s)
	for _, o := range others {
		w = max(w, ansi.StringWidth(o))
	}
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

// Program is how the user runs kpod, from the name it was started as:
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

// programOr is program, or "kpod" when it is empty.
func programOr(program string) string {
	if program == "" {
		return "kpod"
	}
	return program
}

// Brand says program where a text names kpod's own commands as "kpod ...".
func Brand(program, s string) string {
	if program == "" || program == "kpod" {
		return s
	}
	s = strings.ReplaceAll(s, "`kpod ", "`"+program+" ")
	if s == "kpod" || strings.HasPrefix(s, "kpod ") {
		s = program + strings.TrimPrefix(s, "kpod")
	}
	return s
}
