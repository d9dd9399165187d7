package kind

import (
	"bytes"
	"context"
	osexec "os/exec"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/log"

	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/text"
)

// Exec reaches the nodes of a kind cluster on this machine the way a kind
// user does, with `docker exec` (or `podman exec`): each node is a
// container, found through kind's library. It makes no Pod.
type Exec struct {
	Engine  string // docker or podman
	Cluster string // the kind cluster's name
	nodes   map[string]nodes.Node
}

var _ node.Access = (*Exec)(nil)

// Way says how kpod reaches nodes.
func (e *Exec) Way() string { return e.Engine + " exec" }

// Command returns `docker exec NODE ...`: a kind node's container has the
// node's name.
func (e *Exec) Command(name, script string) string {
	return node.ShellCommand([]string{e.Engine, "exec", name}, script)
}

// Copy returns `docker cp LOCAL NODE:REMOTE`.
func (e *Exec) Copy(name, local, remote string) string {
	return node.QuoteCommand([]string{e.Engine, "cp", local, name + ":" + remote})
}

// Run runs script with sh -c in node's container.
func (e *Exec) Run(ctx context.Context, name, script string) (string, error) {
	n, ok := e.nodes[name]
	if !ok {
		return "", words.Err("err.kind.exec.node", text.Facts{"Node": name, "Cluster": e.Cluster})
	}
	var out, errOut bytes.Buffer
	if err := n.CommandContext(ctx, "sh", "-c", script).SetStdout(&out).SetStderr(&errOut).Run(); err != nil {
		return out.String(), node.RanError(name, errOut.String(), err)
	}
	return out.String(), nil
}

// NodeLister lists the node containers of a kind cluster in engine.
type NodeLister func(engine, cluster string) ([]nodes.Node, error)

// SystemNodes lists them with kind's own provider, through the engine's
// command on this machine.
func SystemNodes(engine, cluster string) ([]nodes.Node, error) {
	if _, err := osexec.LookPath(engine); err != nil {
		return nil, words.Err("err.kind.nopath", text.Facts{"Engine": engine})
	}
	return NewProvider(engine, log.NoopLogger{}).ListNodes(cluster)
}

// FindExec returns an Exec for the cluster when every node in list is a
// node of one kind cluster whose container this machine can reach; else an
// error that says why not.
func FindExec(list []corev1.Node, ls NodeLister) (*Exec, error) {
	if len(list) == 0 {
		return nil, words.Err("err.kind.exec.nonodes", nil)
	}
	var e *Exec
	for i := range list {
		a, ok := NodeAccess(&list[i])
		switch {
		case !ok:
			return nil, words.Err("err.kind.exec.notkind", text.Facts{"Node": list[i].Name})
		case e == nil:
			e = &Exec{Engine: a.Engine, Cluster: a.Cluster}
		case a.Engine != e.Engine || a.Cluster != e.Cluster:
			return nil, words.Err("err.kind.exec.two", nil)
		}
	}
	containers, err := ls(e.Engine, e.Cluster)
	if err != nil {
		return nil, words.Err("err.kind.exec.list", text.Facts{"Cluster": e.Cluster, "Engine": e.Engine}).Because(err)
	}
	e.nodes = map[string]nodes.Node{}
	for _, n := range containers {
		e.nodes[n.String()] = n
	}
	var missing []string
	for _, n := range list {
		if _, ok := e.nodes[n.Name]; !ok {
			missing = append(missing, n.Name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, words.Err("err.kind.exec.elsewhere", text.Facts{"Engine": e.Engine, "Nodes": strings.Join(missing, ", "), "Cluster": e.Cluster})
	}
	return e, nil
}
