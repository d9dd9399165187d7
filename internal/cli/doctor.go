package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Check is one line of `kpod doctor`. Its Status is ui.OK; ui.Warn, worth
// fixing but no lesson fails for it; ui.Fail, a lesson would fail; or
// ui.Skip, not checked as an earlier check failed.
type Check struct {
	Name   string  `json:"check"`
	Status ui.Mark `json:"status"`
	Detail string  `json:"detail"`
	Fix    string  `json:"fix,omitempty"`
}

// DoctorOptions are kpod doctor's flags.
type DoctorOptions struct {
	noValidate

	inv *invocation

	Images map[string]*string

	namespace string
	chosen    map[string]string // the image of each role
}

// newDoctorOptions are kpod doctor's defaults.
func newDoctorOptions(inv *invocation) *DoctorOptions {
	return &DoctorOptions{inv: inv, Images: map[string]*string{}}
}

func newCmdDoctor(inv *invocation) *cobra.Command {
	o := newDoctorOptions(inv)
	cmd := &cobra.Command{
		Use:  "doctor",
		Args: noArgs,
		RunE: runE(o),
	}
	imageFlags(cmd, o.Images)
	describe(cmd, "doctor", inv.Name)
	return cmd
}

// Complete chooses the images and the namespace.
func (o *DoctorOptions) Complete(_ []string) error {
	var err error
	o.chosen, err = chooseImages(o.Images, o.inv.Getenv)
	o.namespace = o.inv.namespace("kpod")
	return err
}

// Run runs the checks and prints them.
func (o *DoctorOptions) Run(ctx context.Context) error {
	return o.report(o.checks(ctx, o.inv.Machine()))
}

// checks runs every check of doctor, in order.
func (o *DoctorOptions) checks(ctx context.Context, m *Machine) []Check {
	inv, ns, chosen := o.inv, o.namespace, o.chosen
	images := imageList(chosen)
	say := inv.say
	engine := Check{Name: "container engine", Status: ui.OK}
	if e, err := m.Detect(ctx); err != nil {
		engine.Status = ui.Fail
		var said *text.Error
		switch {
		case errors.Is(err, kind.ErrNoEngine):
			engine.Detail, engine.Fix = say("doctor.engine.none", nil), say("doctor.engine.none.fix", nil)
		case !errors.As(err, &said):
			engine.Detail = inv.tell(err)
		default: // an engine that is there but does not work: what, then the fix
			engine.Detail, engine.Fix = say("doctor."+said.Key, said.Facts), say("doctor."+said.Key+".fix", said.Facts)
		}
	} else {
		engine.Detail = fmt.Sprintf("%s %s", e.Name(), e.Version())
	}
	checks := []Check{engine}

	cluster := Check{Name: "cluster", Status: ui.OK}
	c, err := inv.connect(ctx)
	if err != nil {
		cluster.Status = ui.Fail
		if text.Key(err) == "err.kube.hint" {
			err = errors.Unwrap(err) // the fix below says it
		}
		cluster.Detail = inv.tell(err)
		cluster.Fix = say("doctor.cluster.fix", nil)
		checks = append(checks, cluster)
		for _, name := range []string{"nodes", "distribution", "permissions", "node access", "lesson images"} {
			checks = append(checks, Check{Name: name, Status: ui.Skip, Detail: say("doctor.skip.cluster", nil)})
		}
		return append(checks, kubectlCheck(m, say))
	}
	// A working cluster needs no engine: a missing one only matters for
	// `kpod cluster` and `kpod images`.
	if checks[0].Status == ui.Fail {
		checks[0].Status = ui.Warn
		checks[0].Fix = say("doctor.engine.optional", text.Facts{"Fix": checks[0].Fix})
	}
	version := ""
	if v, err := c.Client.Discovery().ServerVersion(); err == nil {
		version = v.GitVersion
	}
	cluster.Detail = say("doctor.cluster", text.Facts{"Context": c.Context, "Server": c.Server, "Version": version})
	checks = append(checks, cluster)

	nodes, nodeCheck := nodesCheck(ctx, c.Client, say)
	checks = append(checks, nodeCheck)
	checks = append(checks, distributionChecks(ctx, c, say)...)
	checks = append(checks, rbacCheck(ctx, c.Client, ns, say))
	checks = append(checks, privilegedCheck(ctx, c.Client, ns, nodes, chosen["shell"], say))
	checks = append(checks, imagesCheck(nodes, images, say))
	return append(checks, kubectlCheck(m, say))
}

// sayFunc says a message key in the session's language, filled with facts.
type sayFunc func(key string, facts text.Facts) string

func nodesCheck(ctx context.Context, client kubernetes.Interface, say sayFunc) ([]corev1.Node, Check) {
	ch := Check{Name: "nodes"}
	list, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		ch.Status, ch.Detail = ui.Warn, say("doctor.nodes.cannot", text.Facts{"Why": explained(err)})
		ch.Fix = say("doctor.nodes.cannot.fix", nil)
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
	f := text.Facts{"Ready": len(ready), "All": len(list.Items), "NotReady": strings.Join(notReady, ", "), "Kind": "", "Kpod": false}
	if len(list.Items) > 0 {
		if acc, ok := kind.NodeAccess(&list.Items[0]); ok {
			f["Kind"], f["Kpod"] = acc.Cluster, acc.Kpod
		}
	}
	switch {
	case len(ready) == 0:
		ch.Status, ch.Detail = ui.Fail, say("doctor.nodes.none", f)
		ch.Fix = say("doctor.nodes.none.fix", f)
	case len(notReady) > 0:
		ch.Status, ch.Detail = ui.Warn, say("doctor.nodes.some", f)
		ch.Fix = say("doctor.nodes.some.fix", text.Facts{"Node": notReady[0]})
	default:
		ch.Status, ch.Detail = ui.OK, say("doctor.nodes.ok", f)
	}
	return nodes, ch
}

// distributionChecks names what the cluster is (distribution, nodes,
// runtimes, static Pod directory), then warns for what changes a node
// lesson: CRI-O, which may run Pods without a pause container, and
// kubelets without a staticPodPath.
func distributionChecks(ctx context.Context, c *kube.Clients, say sayFunc) []Check {
	ch := Check{Name: "distribution"}
	info, err := kube.ReadCluster(ctx, c.Client, kube.WithConfigz(c.Configz))
	if err != nil || len(info.Nodes) == 0 {
		ch.Status, ch.Detail = ui.Skip, say("doctor.skip.nodes", nil)
		return []Check{ch}
	}
	cp := info.ControlPlanes()
	f := text.Facts{
		"Dist":     distName(info, say),
		"Nodes":    say("doctor.dist.nodes", text.Facts{"All": len(info.Nodes), "ControlPlanes": cp, "Workers": len(info.Nodes) - cp}),
		"Runtimes": strings.Join(info.Runtimes(), ", "),
		"Static":   "",
	}
	var paths []string
	for _, p := range info.StaticPodPaths() {
		if p != "" {
			paths = append(paths, p)
		}
	}
	switch {
	case len(paths) > 0:
		f["Static"] = say("doctor.dist.static", text.Facts{"Path": strings.Join(paths, ", ")})
	case len(info.StaticPodPaths()) > 0:
		f["Static"] = say("doctor.dist.nostatic", nil)
	default:
		f["Static"] = say("doctor.dist.static.unknown", text.Facts{"Dist": string(info.Distribution), "Documented": info.DocumentedStaticPodPath()})
	}
	ch.Status, ch.Detail = ui.OK, say("doctor.dist", f)
	checks := []Check{ch}
	if crio := info.CRIO(); len(crio) > 0 {
		checks = append(checks, Check{Name: "pause lesson", Status: ui.Warn,
			Detail: say("doctor.dist.crio", text.Facts{"Nodes": strings.Join(crio, ", ")}),
			Fix:    say("doctor.dist.crio.fix", nil)})
	}
	if none := info.NoStatic(); len(none) > 0 {
		key := "doctor.dist.nostatic.some"
		if len(none) == len(info.Nodes) {
			key = "doctor.dist.nostatic.all"
		}
		checks = append(checks, Check{Name: "static lesson", Status: ui.Warn,
			Detail: say(key, text.Facts{"Nodes": strings.Join(none, ", ")}),
			Fix:    say("doctor.dist.nostatic.fix", nil)})
	}
	return checks
}

// distName names the distribution, with what it means for the lessons.
func distName(info kube.ClusterInfo, say sayFunc) string {
	switch info.Distribution {
	case kube.DistUnknown:
		return say("doctor.dist.unknown", nil)
	case kube.DistCloud:
		return say("doctor.dist.cloud", text.Facts{"Provider": info.Provider})
	case kube.DistK3s, kube.DistK3d:
		return say("doctor.dist.k3s", text.Facts{"Dist": string(info.Distribution)})
	}
	return string(info.Distribution)
}

func rbacCheck(ctx context.Context, client kubernetes.Interface, ns string, say sayFunc) Check {
	ch := Check{Name: "permissions"}
	want := kube.InNamespace(kube.LessonAccess, ns)
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err != nil {
		want = append(want, kube.Access{Verb: "create", Resource: "namespaces"})
	}
	var denied []string
	for _, x := range want {
		attr := &authv1.ResourceAttributes{Namespace: x.Namespace, Verb: x.Verb, Group: x.Group, Resource: x.Resource, Subresource: x.Subresource}
		r, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authv1.SelfSubjectAccessReview{
			Spec: authv1.SelfSubjectAccessReviewSpec{ResourceAttributes: attr},
		}, metav1.CreateOptions{})
		if err != nil {
			ch.Status, ch.Detail = ui.Warn, say("doctor.rbac.cannot", text.Facts{"Why": explained(err)})
			ch.Fix = say("doctor.rbac.cannot.fix", nil)
			return ch
		}
		if !r.Status.Allowed {
			x.Namespace = "" // the message names the namespace once
			denied = append(denied, x.String())
		}
	}
	if len(denied) > 0 {
		ch.Status = ui.Fail
		ch.Detail = say("doctor.rbac.denied", text.Facts{"Namespace": ns, "Denied": strings.Join(denied, ", ")})
		ch.Fix = say("doctor.rbac.denied.fix", text.Facts{"Namespace": ns})
		return ch
	}
	ch.Status = ui.OK
	ch.Detail = say("doctor.rbac.ok", text.Facts{"Namespace": ns, "Count": len(want)})
	return ch
}

// privilegedCheck asks the API server, in a server-side dry run, whether it
// would take the node lessons' privileged helper Pod.
func privilegedCheck(ctx context.Context, client kubernetes.Interface, ns string, nodes []corev1.Node, image string, say sayFunc) Check {
	ch := Check{Name: "node access"}
	if len(nodes) == 0 {
		ch.Status, ch.Detail = ui.Skip, say("doctor.skip.node", nil)
		return ch
	}
	where := ns
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); apierrors.IsNotFound(err) {
		where = "default"
	}
	pod := node.HelperPod(where, "", nodes[0].Name, image, map[string]string{kube.ManagedBy: kube.ManagedByValue})
	pod.GenerateName = "kpod-doctor-"
	_, err := client.CoreV1().Pods(where).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	switch {
	case err == nil:
		ch.Status = ui.OK
		ch.Detail = say("doctor.node.ok", text.Facts{"Namespace": where})
	case apierrors.IsForbidden(err) || apierrors.IsInvalid(err):
		ch.Status = ui.Fail
		ch.Detail = say("doctor.node.refused", text.Facts{"Namespace": where, "Why": firstSentence(err)})
		ch.Fix = say("doctor.node.refused.fix", nil)
	default:
		ch.Status = ui.Warn
		ch.Detail = say("doctor.node.cannot", text.Facts{"Why": explained(err)})
		ch.Fix = say("doctor.node.cannot.fix", nil)
	}
	if where != ns {
		ch.Detail += " " + say("doctor.node.nonamespace", text.Facts{"Namespace": ns})
	}
	return ch
}

func imagesCheck(nodes []corev1.Node, images []string, say sayFunc) Check {
	ch := Check{Name: "lesson images"}
	if len(nodes) == 0 {
		ch.Status, ch.Detail = ui.Skip, say("doctor.skip.images", nil)
		return ch
	}
	lacking := map[string][]string{} // image: the nodes without it
	for i := range nodes {
		for _, img := range kind.Missing(&nodes[i], images) {
			lacking[img] = append(lacking[img], nodes[i].Name)
		}
	}
	if len(lacking) == 0 {
		ch.Status = ui.OK
		ch.Detail = say("doctor.images.ok", text.Facts{"Images": strings.Join(images, ", ")})
		return ch
	}
	var parts []string
	for _, img := range images {
		switch on := lacking[img]; {
		case len(on) == 0:
		case len(on) == len(nodes):
			parts = append(parts, say("doctor.images.nowhere", text.Facts{"Image": img}))
		default:
			parts = append(parts, say("doctor.images.notall", text.Facts{"Image": img, "Nodes": strings.Join(on, ", ")}))
		}
	}
	ch.Status = ui.Warn
	ch.Detail = say("doctor.images.missing", text.Facts{"Missing": strings.Join(parts, "; ")})
	acc, isKind := kind.NodeAccess(&nodes[0])
	switch {
	case isKind && acc.Kpod:
		ch.Fix = say("doctor.images.fix.kpod", nil)
	case isKind:
		ch.Fix = say("doctor.images.fix.kind", text.Facts{"Cluster": acc.Cluster})
	default:
		ch.Fix = say("doctor.images.fix", nil)
	}
	return ch
}

func kubectlCheck(m *Machine, say sayFunc) Check {
	ch := Check{Name: "kubectl"}
	if p, err := m.LookPath("kubectl"); err == nil {
		ch.Status, ch.Detail = ui.OK, p
		return ch
	}
	ch.Status, ch.Detail = ui.Warn, say("doctor.kubectl.none", nil)
	ch.Fix = say("doctor.kubectl.none.fix", nil)
	return ch
}

// report prints the checks and fails when any check failed.
func (o *DoctorOptions) report(checks []Check) error {
	inv := o.inv
	failed := 0
	for _, c := range checks {
		if c.Status == ui.Fail {
			failed++
		}
	}
	if inv.json() {
		enc := json.NewEncoder(inv.Streams.Out)
		for _, c := range checks {
			if err := enc.Encode(struct {
				recordHead
				Check
			}{recordHead{schemaDoctor, "check"}, c}); err != nil {
				return err
			}
		}
	} else {
		t := inv.outPrinter().Theme
		w := inv.Streams.Out
		width := inv.outPrinter().Width
		for _, c := range checks {
			mark := t.Mark(c.Status)
			hang := strings.Repeat(" ", 19)
			name := inv.say("doctor.name."+strings.ReplaceAll(c.Name, " ", "-"), nil)
			fmt.Fprintf(w, "%s %s %s\n", mark, pad(name, 16), ui.Wrap(c.Detail, width, 19, hang))
			if c.Fix != "" {
				fix := inv.say("doctor.fix", nil) + " "
				fmt.Fprintf(w, "%s%s%s\n", hang, t.Subtle(fix), ui.Wrap(c.Fix, width, 19+ui.Width(fix), hang+strings.Repeat(" ", ui.Width(fix))))
			}
		}
	}
	if failed > 0 {
		return &shownError{words.Err("doctor.failed", text.Facts{"Failed": failed, "All": len(checks)})}
	}
	return nil
}

// pad fills s with spaces to n columns (a Korean letter takes two).
func pad(s string, n int) string {
	if w := ui.Width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// explained is an API error in one plain line, told in the language of
// the text it goes into (text.Error tells an error among its facts).
func explained(err error) error { return oneLineErr{kube.Explain(err)} }

type oneLineErr struct{ error }

func (e oneLineErr) Unwrap() error { return e.error }
func (e oneLineErr) In(sc text.Scene) string {
	return strings.Join(strings.Fields(sc.Tell(e.error)), " ")
}
func (e oneLineErr) Error() string { return e.In(text.Scene{}) }

// firstSentence keeps an admission error short: its first clause.
func firstSentence(err error) string {
	s := kube.OneLine(err)
	if i := strings.Index(s, " ("); i > 40 {
		s = s[:i]
	}
	return s
}
