package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/pkg/kube"
	"github.com/kpod-dev/kpod/pkg/kube/kind"
	"github.com/kpod-dev/kpod/pkg/lessons"
	"github.com/kpod-dev/kpod/pkg/ui"
)

// Check results.
const (
	CheckOK   = ui.OK
	CheckWarn = ui.Warn // worth fixing, but no lesson fails for it
	CheckFail = ui.Fail // a lesson would fail
	CheckSkip = ui.Skip // not checked: an earlier check failed
)

// Check is one line of `kpod doctor`.
type Check struct {
	Name   string `json:"check"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// access is one thing the lessons do, asked of the API server as a
// SelfSubjectAccessReview.
type access struct{ verb, resource, sub string }

func (x access) String() string {
	r := x.resource
	if x.sub != "" {
		r += "/" + x.sub
	}
	return x.verb + " " + r
}

// lessonAccess is what the lessons do in their namespace.
var lessonAccess = []access{
	{"create", "pods", ""}, {"delete", "pods", ""}, {"get", "pods", ""}, {"list", "pods", ""}, {"watch", "pods", ""},
	{"create", "pods", "exec"}, {"get", "pods", "log"},
	{"create", "services", ""}, {"delete", "services", ""}, {"get", "services", ""}, {"list", "services", ""},
	{"create", "configmaps", ""}, {"delete", "configmaps", ""}, {"get", "configmaps", ""}, {"list", "configmaps", ""},
	{"list", "events", ""}, {"watch", "events", ""},
}

func (a *App) doctorCmd() *cobra.Command {
	images := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check this machine and the cluster before a lesson: each check with its fix",
		Long: "Check what the lessons need: a container engine (for a local cluster), a\n" +
			"cluster that answers, Ready nodes, permission for what the lessons do, room\n" +
			"for the privileged helper Pod of the node lessons, the lesson images, and\n" +
			"kubectl. Each check prints ✓, ! (worth fixing) or ✗ (a lesson would fail)\n" +
			"with a one-line fix; the exit code is 1 when any check fails.",
		Example: a.examples("  {{.}} doctor\n  {{.}} doctor --context kind-kpod -n class1\n  {{.}} doctor -o json"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			chosen, err := a.imageChoice(images)
			if err != nil {
				return err
			}
			checks := a.doctor(cmd.Context(), a.Machine(), a.namespace("kpod"), chosen)
			return a.report(checks)
		},
	}
	imageFlags(cmd, images)
	return cmd
}

// doctor runs every check, in order.
func (a *App) doctor(ctx context.Context, m *machine, ns string, chosen map[string]string) []Check {
	images := imageList(chosen)
	engine := Check{Name: "container engine", Status: CheckOK}
	if e, err := m.Detect(ctx); err != nil {
		engine.Status, engine.Detail = CheckFail, err.Error()
		if detail, fix, ok := strings.Cut(engine.Detail, ": "); ok && !strings.HasPrefix(engine.Detail, "no container engine") {
			engine.Detail, engine.Fix = detail, fix
		} else {
			engine.Detail, engine.Fix = "neither Docker nor Podman is installed", "install Docker (or Podman) to make a local cluster with `kpod cluster create`"
		}
	} else {
		engine.Detail = fmt.Sprintf("%s %s", e.Name(), e.Version())
	}
	checks := []Check{engine}

	cluster := Check{Name: "cluster", Status: CheckOK}
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		cluster.Status = CheckFail
		cluster.Detail = strings.TrimSuffix(err.Error(), "; "+kube.Hint)
		cluster.Fix = "make a local cluster with `kpod cluster create`, or choose a context with --context"
		checks = append(checks, cluster)
		for _, name := range []string{"nodes", "permissions", "node access", "lesson images"} {
			checks = append(checks, Check{Name: name, Status: CheckSkip, Detail: "no cluster to ask"})
		}
		return append(checks, a.kubectlCheck(m))
	}
	// A working cluster needs no engine: a missing one only matters for
	// `kpod cluster` and `kpod images`.
	if checks[0].Status == CheckFail {
		checks[0].Status = CheckWarn
		checks[0].Fix = "only needed for `kpod cluster` and `kpod images`: " + checks[0].Fix
	}
	cluster.Detail = fmt.Sprintf("context %s at %s", c.Context, c.Server)
	if v, err := c.Client.Discovery().ServerVersion(); err == nil && v.GitVersion != "" {
		cluster.Detail += ", Kubernetes " + v.GitVersion
	}
	checks = append(checks, cluster)

	nodes, nodeCheck := nodesCheck(ctx, c.Client)
	checks = append(checks, nodeCheck)
	checks = append(checks, rbacCheck(ctx, c.Client, ns))
	checks = append(checks, privilegedCheck(ctx, c.Client, ns, nodes, chosen["shell"]))
	checks = append(checks, imagesCheck(nodes, images))
	return append(checks, a.kubectlCheck(m))
}

func nodesCheck(ctx context.Context, client kubernetes.Interface) ([]corev1.Node, Check) {
	ch := Check{Name: "nodes"}
	list, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		ch.Status, ch.Detail = CheckWarn, "cannot list nodes: "+oneLine(kube.Explain(err))
		ch.Fix = "lessons that show nodes need `list nodes`; ask your cluster's admin"
		return nil, ch
	}
	var ready, notReady []string
	var nodes []corev1.Node
	for _, n := range list.Items {
		if kind.NodeReady(&n) {
			ready = append(ready, n.Name)
			nodes = append(nodes, n)
		} else {
			notReady = append(notReady, n.Name)
		}
	}
	where := ""
	if len(list.Items) > 0 {
		if acc, ok := kind.NodeAccess(&list.Items[0]); ok {
			where = fmt.Sprintf(" (kind cluster %s", acc.Cluster)
			if acc.Kpod {
				where += ", made by kpod"
			}
			where += ")"
		}
	}
	switch {
	case len(ready) == 0:
		ch.Status, ch.Detail = CheckFail, fmt.Sprintf("no node is Ready (%d nodes)%s", len(list.Items), where)
		ch.Fix = "wait a minute and retry; on a kpod cluster, `kpod cluster delete` then `kpod cluster create`"
	case len(notReady) > 0:
		ch.Status, ch.Detail = CheckWarn, fmt.Sprintf("%d of %d nodes Ready; not Ready: %s%s", len(ready), len(list.Items), strings.Join(notReady, ", "), where)
		ch.Fix = fmt.Sprintf("look at a node with `kubectl describe node %s`", notReady[0])
	default:
		ch.Status, ch.Detail = CheckOK, fmt.Sprintf("%d of %d nodes Ready%s", len(ready), len(list.Items), where)
	}
	return nodes, ch
}

func rbacCheck(ctx context.Context, client kubernetes.Interface, ns string) Check {
	ch := Check{Name: "permissions"}
	want := append([]access(nil), lessonAccess...)
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err != nil {
		want = append(want, access{"create", "namespaces", ""})
	}
	var denied []string
	for _, x := range want {
		attr := &authv1.ResourceAttributes{Namespace: ns, Verb: x.verb, Resource: x.resource, Subresource: x.sub}
		if x.resource == "namespaces" {
			attr.Namespace = ""
		}
		r, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authv1.SelfSubjectAccessReview{
			Spec: authv1.SelfSubjectAccessReviewSpec{ResourceAttributes: attr},
		}, metav1.CreateOptions{})
		if err != nil {
			ch.Status, ch.Detail = CheckWarn, "cannot ask the API server what you may do: "+oneLine(kube.Explain(err))
			ch.Fix = "a lesson will say if it is refused"
			return ch
		}
		if !r.Status.Allowed {
			denied = append(denied, x.String())
		}
	}
	if len(denied) > 0 {
		ch.Status = CheckFail
		ch.Detail = fmt.Sprintf("in namespace %s you may not: %s", ns, strings.Join(denied, ", "))
		ch.Fix = fmt.Sprintf("ask your cluster's admin for the edit role in namespace %s (`kubectl create rolebinding kpod --clusterrole=edit --user=YOU -n %s`), or use a namespace you own with -n", ns, ns)
		return ch
	}
	ch.Status = CheckOK
	ch.Detail = fmt.Sprintf("you may do all %d things the lessons do in namespace %s", len(want), ns)
	return ch
}

// privilegedCheck asks the API server, in a server-side dry run, whether it
// would take the node lessons' privileged helper Pod.
func privilegedCheck(ctx context.Context, client kubernetes.Interface, ns string, nodes []corev1.Node, image string) Check {
	ch := Check{Name: "node access"}
	if len(nodes) == 0 {
		ch.Status, ch.Detail = CheckSkip, "no Ready node to try it on"
		return ch
	}
	where := ns
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		where = "default"
	}
	pod := kube.HelperPod(where, "", nodes[0].Name, image, map[string]string{lessons.ManagedBy: lessons.ManagedByValue})
	pod.GenerateName = "kpod-doctor-"
	_, err := client.CoreV1().Pods(where).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	switch {
	case err == nil:
		ch.Status = CheckOK
		ch.Detail = fmt.Sprintf("a privileged hostPID helper Pod is allowed in namespace %s (server-side dry run)", where)
	case apierrors.IsForbidden(err) || apierrors.IsInvalid(err):
		ch.Status = CheckFail
		ch.Detail = fmt.Sprintf("the cluster refuses a privileged hostPID helper Pod in namespace %s: %s", where, firstSentence(err))
		ch.Fix = "the node lessons (pause, static) need it: use a local cluster (`kpod cluster create`), or ask your admin to allow privileged Pods there"
	default:
		ch.Status = CheckWarn
		ch.Detail = "could not try a privileged helper Pod: " + oneLine(kube.Explain(err))
		ch.Fix = "the node lessons (pause, static) will say if they are refused"
	}
	if where != ns {
		ch.Detail += fmt.Sprintf(" (namespace %s does not exist yet)", ns)
	}
	return ch
}

func imagesCheck(nodes []corev1.Node, images []string) Check {
	ch := Check{Name: "lesson images"}
	if len(nodes) == 0 {
		ch.Status, ch.Detail = CheckSkip, "no Ready node to look at"
		return ch
	}
	lacking := map[string][]string{} // image: the nodes without it
	for i := range nodes {
		for _, img := range kind.Missing(&nodes[i], images) {
			lacking[img] = append(lacking[img], nodes[i].Name)
		}
	}
	if len(lacking) == 0 {
		ch.Status = CheckOK
		ch.Detail = fmt.Sprintf("%s on every Ready node", strings.Join(images, ", "))
		return ch
	}
	var parts []string
	for _, img := range images {
		switch on := lacking[img]; {
		case len(on) == 0:
		case len(on) == len(nodes):
			parts = append(parts, img+" is on no node")
		default:
			parts = append(parts, img+" is not on "+strings.Join(on, ", "))
		}
	}
	ch.Status = CheckWarn
	ch.Detail = strings.Join(parts, "; ") + ": the nodes will pull them when a lesson runs"
	acc, isKind := kind.NodeAccess(&nodes[0])
	switch {
	case isKind && acc.Kpod:
		ch.Fix = "without a network, put them on the nodes first with `kpod images load`"
	case isKind:
		ch.Fix = fmt.Sprintf("without a network, put them on the nodes first with `kind load docker-image --name %s IMAGE`", acc.Cluster)
	default:
		ch.Fix = "without a network, pull them on every node first (`crictl pull IMAGE` on each node)"
	}
	return ch
}

func (a *App) kubectlCheck(m *machine) Check {
	ch := Check{Name: "kubectl"}
	if p, err := m.LookPath("kubectl"); err == nil {
		ch.Status, ch.Detail = CheckOK, p
		return ch
	}
	ch.Status, ch.Detail = CheckWarn, "not on PATH (optional: kpod shows each kubectl command a lesson runs)"
	ch.Fix = "install kubectl to type the commands yourself"
	return ch
}

// report prints the checks and fails when any check failed.
func (a *App) report(checks []Check) error {
	failed := 0
	for _, c := range checks {
		if c.Status == CheckFail {
			failed++
		}
	}
	if a.output == "json" {
		enc := json.NewEncoder(a.Streams.Out)
		for _, c := range checks {
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
	} else {
		t := a.theme()
		w := a.Streams.Out
		width := a.out().Width
		for _, c := range checks {
			mark := t.Mark(c.Status)
			hang := strings.Repeat(" ", 19)
			fmt.Fprintf(w, "%s %-16s %s\n", mark, c.Name, ui.Wrap(c.Detail, width, 19, hang))
			if c.Fix != "" {
				fmt.Fprintf(w, "%s%s%s\n", hang, t.Subtle("fix: "), ui.Wrap(c.Fix, width, 24, hang+"     "))
			}
		}
	}
	if failed > 0 {
		return shownError{fmt.Errorf("%d of %d checks failed: a lesson would fail; fix the ✗ lines", failed, len(checks))}
	}
	return nil
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// firstSentence keeps an admission error short: its first clause.
func firstSentence(err error) string {
	s := oneLine(err)
	if i := strings.Index(s, " ("); i > 40 {
		s = s[:i]
	}
	return s
}
