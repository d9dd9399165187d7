package practice

// How a practice text (a task, a hint, a solution, a drill's setup) is
// filled from a World: it only reads the World, and goes to no cluster or
// node.

import (
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/text"
)

// Fill fills a practice text (a task, a hint, a solution) from w: the
// functions of text.Scene, for commands as the student types them (on a
// node too).
func (w *World) Fill(body string) string {
	out, _ := w.render(body)
	return out
}

// scene is what a practice text may call.
func (w *World) scene() text.Scene {
	return text.Scene{
		Namespace: w.Namespace,
		Image:     func(role string) string { return w.Images[role] },
		IP: func(name string) string {
			if p := w.Pod(name); p != nil && p.Status.PodIP != "" {
				return p.Status.PodIP
			}
			return "<" + name + "-ip>"
		},
		Node: func(name string) string {
			if p := w.Pod(name); p != nil && p.Spec.NodeName != "" {
				return p.Spec.NodeName
			}
			if name == "" && w.Nodes != nil && w.Nodes.Node != "" {
				return w.Nodes.Node
			}
			return "<node>"
		},
		Sandbox: func(name string) string {
			if p := w.Pod(name); p != nil && p.Annotations[SandboxAnnotation] != "" {
				return p.Annotations[SandboxAnnotation]
			}
			return "<POD-ID>"
		},
		OnNode: func(node, script string) string { return w.nodeWay().Command(node, script) },
		Copy:   func(node, local, remote string) string { return w.nodeWay().Copy(node, local, remote) },
		StaticPodPath: func(node string) string {
			if w.Nodes != nil && w.Nodes.StaticDir != "" && node == w.Nodes.Node {
				return w.Nodes.StaticDir
			}
			return kube.KubeadmManifests // a dry run; a node kpod did not pick
		},
	}
}

// render fills a practice text or manifest from w, saying what is wrong
// in its template.
func (w *World) render(body string) (string, error) {
	out, _, err := text.Render(body, w.scene().Funcs(), nil)
	return out, err
}

// nodeWay is how node commands are shown: the practice's way to the nodes,
// else (a dry run, no access) the helper-Pod way the lessons show.
func (w *World) nodeWay() kube.NodeAccess {
	if w.Nodes != nil {
		return w.Nodes.Access
	}
	return nodeway.Shown(w.Images["shell"])
}
