package lessons

import (
	"context"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Node work. A lesson with Node set runs commands on nodes; before it makes
// anything, the session finds one way to reach them (package nodeway) and
// says which in one line: `docker exec` (or podman) when every node is a
// container of a kind cluster on this machine, else a privileged helper Pod
// on each node, if the cluster allows one. Where neither works, the lesson
// stops there with one error. Every node command is shown the way a student
// would type it on that path.

// nodeWay is how node actions reach the nodes: given (NodeAccess), or
// found at the start of a lesson with Node set; before then (a dry run)
// the helper-Pod way, to show commands.
func (s *Session) nodeWay() node.Access {
	switch {
	case s.Env.NodeAccess != nil:
		return s.Env.NodeAccess
	case s.node.found.Access != nil:
		return s.node.found.Access
	}
	return nodeway.Shown(s.Env.Images.Image("shell"))
}

// runNodes is the run's way to the nodes (package nodeway) and what it
// found: the node preflight checks, the run finds, node actions use it.
type runNodes struct {
	way   *nodeway.Way // nil: none needed, or NodeAccess given
	found nodeway.Found
}

// check is the node preflight: it checks, making nothing, that the user
// may reach the nodes, and finds the way where it can already.
func (n *runNodes) check(ctx context.Context, way *nodeway.Way) error {
	n.way = way
	found, err := way.Check(ctx)
	n.found = found
	return err
}

// find finds the way to the nodes, once the namespace is there.
func (n *runNodes) find(ctx context.Context) error {
	if n.way == nil {
		return nil
	}
	found, err := n.way.Find(ctx)
	n.found = found
	return err
}

// list is the nodes as the node preflight listed them a moment before the
// lesson began, or, without one, a new list.
func (n *runNodes) list(ctx context.Context, c kubernetes.Interface) ([]corev1.Node, error) {
	if n.found.Nodes != nil {
		return n.found.Nodes, nil
	}
	l, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}

// helpers are the run's part in the helper Pods the node way makes: each
// is said, undone at the end, and waited for on the run's watch.
type helpers struct{ s *Session }

func (h helpers) Making(pod string, n nodeway.Note) {
	h.s.Report.Note(ui.Info, n.Line(h.s.Env.Scene()))
	h.s.made("Pod", pod)
}

func (h helpers) Wait(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return h.s.wait().helper(ctx, name, timeout, cond)
}

// OnNode runs a shell command on a node, as root in the node's own root
// filesystem, and shows it as the student would type it (`docker exec NODE
// ...` on kind). node and cmd may use templates: {{node "pod"}} for a
// Pod's node, {{fact "node"}} for the node PickNode chose.
func OnNode(node, cmd string) *NodeAction { return &NodeAction{node: node, cmd: cmd} }

// NodeAction is OnNode's action.
type NodeAction struct {
	node, cmd string
	fact      Fact[string]
	check     func(v View, out string) (report.Output, error)
}

// Into keeps the command's output, trimmed, as the fact f.
func (a *NodeAction) Into(f Fact[string]) *NodeAction { a.fact = f; return a }

// Check runs fn on the command's output: what the output must show. What
// fn returns (a note) is shown before the output.
func (a *NodeAction) Check(fn func(v View, out string) (report.Output, error)) *NodeAction {
	a.check = fn
	return a
}

// Plan of a command on a node: the fact it learns (Into).
func (a *NodeAction) Plan() (Plan, error) { return learns(string(a.fact)), nil }

func (a *NodeAction) show(s *Session) string {
	return s.nodeWay().Command(s.fill(a.node), s.fill(a.cmd))
}

func (a *NodeAction) run(ctx context.Context, s *Session) (report.Output, error) {
	out, err := s.nodeWay().Run(ctx, s.fill(a.node), s.fill(a.cmd))
	if err != nil {
		return report.Quoted(out), err
	}
	if a.fact != "" {
		a.fact.Set(s, strings.TrimSpace(out))
	}
	var said report.Output
	if a.check != nil {
		said, err = a.check(View{s}, out)
	}
	return said.Then(report.Quoted(out)), err
}

// PickNode lists the nodes like `kubectl get nodes` and picks one for the
// lesson, as the fact "node": want (a lesson option) if set, else a Ready
// worker, else a Ready control-plane node; it says which and why.
func PickNode(option string) Action {
	return do("kubectl get nodes", learns(string(NodeName)), func(ctx context.Context, s *Session) (report.Output, error) {
		items, err := s.node.list(ctx, s.Env.Clients.Client)
		if err != nil {
			return report.Output{}, words.Err("err.lesson.listnodes", nil).Because(kube.Explain(err))
		}
		nodes := node.Sort(items)
		n, err := node.Pick(nodes, s.Config.Values.Get(option))
		if err != nil {
			return report.Output{}, err
		}
		NodeName.Set(s, n.Name)
		key := "ui.node.picked"
		switch {
		case s.Config.Values.Get(option) != "":
		case !node.IsControlPlane(n):
			key = "ui.node.picked.worker"
		case len(nodes) > 1:
			key = "ui.node.picked.controlplane"
		}
		s.Report.Note(ui.Info, s.line(key, text.Facts{"Node": n.Name, "Option": "--" + option}))
		return report.Quoted(node.Table(nodes, s.Env.Time())), nil
	})
}

// OtherNode lists the nodes like `kubectl get nodes` and keeps, as fact, a
// node that takes Pods other than pod's, or "" when there is none (one
// node). Unlike PickNode it needs no node access.
func OtherNode(pod string, fact Fact[string]) Action {
	return do("kubectl get nodes", learns(string(fact)), func(ctx context.Context, s *Session) (report.Output, error) {
		list, err := s.Env.Clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			// A student with a namespace only may not list nodes: the scheduler picks.
			fact.Set(s, "")
			s.Report.Note(ui.Info, s.line("ui.node.nolist", text.Facts{"Err": s.Env.Scene().Tell(kube.Explain(err))}))
			return report.Output{}, nil
		}
		on := ""
		if p := s.timeline.Pod(s.fill(pod)); p != nil {
			on = p.Spec.NodeName
		}
		fact.Set(s, node.Other(list.Items, on))
		return report.Quoted(node.Table(node.Sort(list.Items), s.Env.Time())), nil
	})
}

// Kubelet finds out about the kubelet of node name, silently: the facts
// "kubelet-config", "static-pod-path" and "runtime-endpoint".
func Kubelet(name string) Action {
	return do("", learns(string(KubeletConfig), string(StaticPodPath), string(runtimeEndpoint)), func(ctx context.Context, s *Session) (report.Output, error) {
		n := s.fill(name)
		// A kubelet without a staticPodPath stops the lesson here, before
		// it makes anything.
		k, err := node.StaticPodDir(ctx, s.Env.Clients, s.nodeWay(), n)
		if err != nil {
			return report.Output{}, err
		}
		if k.StaticPodPath == "" {
			return report.Output{}, words.Err("err.static.nopath", text.Facts{"Node": n})
		}
		if k.Config != "" && k.Config != node.DefaultKubeletConfigPath {
			s.Report.Note(ui.Info, s.line("ui.kubelet.config", text.Facts{"Node": n, "Path": k.Config}))
		}
		if k.ManifestFlag {
			s.Report.Note(ui.Info, s.line("ui.kubelet.flag", text.Facts{"Node": n, "Path": k.StaticPodPath}))
		}
		KubeletConfig.Set(s, k.Config)
		StaticPodPath.Set(s, k.StaticPodPath)
		runtimeEndpoint.Set(s, k.Runtime)
		return report.Output{}, nil
	})
}

// PodProcesses finds a Pod's processes on its node by its UID in their
// cgroups and shows them with their containers and cgroups. It keeps them
// as the fact as, sets PausePID, and keeps, unreported, ContainerPID of
// each other container (its main process) and "netns-files" (the main
// processes' /proc/PID/ns/net, which outlive a moment).
func PodProcesses(pod string, as Fact[[]node.Proc]) Action { return &procsAction{pod: pod, as: as} }

type procsAction struct {
	pod string
	as  Fact[[]node.Proc]
}

// Plan of PodProcesses: the facts it learns.
func (a *procsAction) Plan() (Plan, error) {
	return learns(string(a.as), string(PausePID), string(NetnsFiles), string(ContainerPID("*"))), nil
}

func (a *procsAction) show(s *Session) string {
	pod := s.fill(a.pod)
	uid := "<" + pod + "-uid>"
	if p := s.timeline.Pod(pod); p != nil {
		uid = string(p.UID)
	}
	return s.nodeWay().Command(s.fill(`{{node "`+pod+`"}}`), node.ProcScan(uid))
}

func (a *procsAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	p := s.timeline.Pod(pod)
	if p == nil {
		return report.Output{}, fmt.Errorf("pod/%s is gone", pod)
	}
	procs, err := node.PodProcesses(ctx, s.nodeWay(), p)
	if err != nil {
		return report.Output{}, err
	}
	a.as.keep(s, procs)
	PausePID.Set(s, node.PIDOf(procs, node.Sandbox, false))
	var files []string
	rows, cgroups := [][]string{}, [][]string{}
	seen := map[string]bool{}
	for _, pr := range procs {
		rows = append(rows, []string{fmt.Sprint(pr.PID), pr.Container, pr.Cmd})
		if !seen[pr.Container] {
			seen[pr.Container] = true
			cgroups = append(cgroups, []string{pr.Container, node.ShortIDs(pr.Cgroup)})
			main := node.PIDOf(procs, pr.Container, true)
			files = append(files, fmt.Sprintf("/proc/%d/ns/net", main))
			if pr.Container != node.Sandbox {
				ContainerPID(pr.Container).keep(s, main)
			}
		}
	}
	NetnsFiles.keep(s, strings.Join(files, " "))
	return report.Quoted(kube.Columns([]string{"PID", "CONTAINER", "COMMAND"}, rows) + "\n" + kube.Columns([]string{"CONTAINER", "CGROUP"}, cgroups)), nil
}
