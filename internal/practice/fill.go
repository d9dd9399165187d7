package practice

// How a practice text (a task, a hint, a solution, a drill's setup) is
// filled from a World: it only reads the World, and goes to no cluster or
// node.

import (
	"text/template"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// Fill fills a practice text (a task, a hint, a solution) from w, for
// commands as the student types them (on a node too). Besides
// text.Scene's functions ({{ns}}, ...), a practice text may call:
//
//	{{image "role"}}              the image of a role (runenv.PodFuncs)
//	{{ip "pod"}} {{node "pod"}}   a Pod's IP and node; {{node ""}} is the practice's node
//	{{sandbox "pod"}}             a Pod's sandbox ID, on its node
//	{{onnode "node" "script"}}    a command run on a node
//	{{copy "node" "from" "to"}}   a file copied onto a node
//	{{staticPodPath "node"}}      the kubelet's static Pod directory
func (w *World) Fill(body string) string {
	out, _ := w.render(body)
	return out
}

// funcs returns the functions a practice text may call (Fill).
func (w *World) funcs() template.FuncMap {
	funcs := template.FuncMap{
		"sandbox": func(name string) string {
			if p := w.Pod(name); p != nil && p.Annotations[SandboxAnnotation] != "" {
				return p.Annotations[SandboxAnnotation]
			}
			return "<POD-ID>"
		},
		"onnode": func(node, script string) string { return w.nodeWay().Command(node, script) },
		"copy":   func(node, local, remote string) string { return w.nodeWay().Copy(node, local, remote) },
		"staticPodPath": func(node string) string {
			if w.Nodes != nil && w.Nodes.StaticDir != "" && node == w.Nodes.Node {
				return w.Nodes.StaticDir
			}
			return kube.KubeadmManifests // a dry run; a node kpod did not pick
		},
	}
	pods := runenv.PodFuncs(w.Images, w.Pod, nil)
	for name, f := range pods {
		funcs[name] = f
	}
	funcs["node"] = func(name string) string {
		if name == "" && w.Nodes != nil && w.Nodes.Node != "" {
			return w.Nodes.Node
		}
		return pods["node"](name)
	}
	sc := w.Scene
	sc.Namespace = w.Namespace
	return sc.Funcs(funcs)
}

// render fills a practice text or manifest from w, saying what is wrong
// in its template.
func (w *World) render(body string) (string, error) {
	out, _, err := text.Render(body, w.funcs(), nil)
	return out, err
}

// nodeWay returns how node commands are shown: the practice's way to the
// nodes, else (a dry run, no access) the helper-Pod way the lessons show.
func (w *World) nodeWay() node.Access {
	if w.Nodes != nil {
		return w.Nodes.Access
	}
	return nodeway.Shown(w.Images["shell"])
}
