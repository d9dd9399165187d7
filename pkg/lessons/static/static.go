// Package static runs a static Pod: a manifest file in a node's
// staticPodPath that the kubelet runs by itself, publishing a mirror Pod to
// the API server that the API cannot really delete.
package static

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/pkg/kube"
	"github.com/kpod-dev/kpod/pkg/lessons"
)

//go:embed en.md ko.md
var text embed.FS

const (
	name     = "static-web"
	manifest = "static-web.yaml"
	// KubeletConfig is where kubeadm and kind keep the kubelet's config.
	KubeletConfig = "/var/lib/kubelet/config.yaml"
	controlPlane  = "node-role.kubernetes.io/control-plane"
	// writtenAnnotation says when kpod wrote the manifest.
	writtenAnnotation = "kpod.dev/written"
	columns           = "custom-columns=UID:.metadata.uid,CONTAINER:.status.containerStatuses[0].containerID,STARTED:.status.containerStatuses[0].state.running.startedAt,RESTARTS:.status.containerStatuses[0].restartCount"
)

// Lesson is the `static` lesson.
var Lesson = &lessons.Lesson{
	Name:    "static",
	Section: 5,
	Text:    lessons.MustLoadText(text),
	Options: []lessons.Option{{Name: "node", Usage: "opt.node"}},
	Steps: func(v lessons.Values) []lessons.Step {
		l := &run{want: v["node"]}
		return []lessons.Step{
			{Key: "config", Do: []lessons.Action{
				&action{l: l, show: "kubectl get nodes", global: true, fn: l.pickNode},
				lessons.Do("", l.start),
				l.onNode("grep staticPodPath {{config}}", l.readConfig),
			}},
			{Key: "write", Do: []lessons.Action{
				&writeAction{l: l},
				l.api("wait --for=condition=Ready pod/{{mirror}}", l.ready),
			}},
			{Key: "mirror", Do: []lessons.Action{
				l.api("get pod {{mirror}} -o yaml", l.describe),
				l.api("get pod {{mirror}} -o "+columns, l.columns),
			}},
			{Key: "delete", Do: []lessons.Action{
				l.api("delete pod {{mirror}}", l.delete),
				l.api("get pod {{mirror}} -o "+columns, l.columns),
				lessons.Do("", l.compare),
			}},
			{Key: "remove", Do: []lessons.Action{
				l.onNode("rm {{path}}", l.remove),
				l.api("wait --for=delete pod/{{mirror}}", l.gone),
			}},
			{Key: "control-plane", Do: []lessons.Action{
				l.onNode("ls -l {{dir}}", l.list),
				lessons.Do("", l.listed),
				&action{l: l, show: "kubectl get pods -n kube-system", global: true, fn: l.system},
			}},
			{Key: "recap"},
		}
	},
}

// run is the state of one run of the lesson.
type run struct {
	want    string // --node
	node    string
	helper  *kube.NodeHelper
	config  string // the kubelet's config file
	dir     string // its staticPodPath
	written bool   // the manifest may be on the node
	cleanup bool   // the cleanup is registered
	before  *corev1.Pod
	after   *corev1.Pod
	took    time.Duration // until the kubelet published the mirror again
	empty   bool          // the staticPodPath holds nothing
}

// Mirror is the name of the mirror Pod the kubelet publishes for a static
// Pod: the manifest's name, a dash, the node's name.
func Mirror(pod, node string) string { return pod + "-" + node }

func (l *run) mirror() string { return Mirror(name, or(l.node, "<node>")) }

// file is the manifest's name on the node: one per namespace, so lessons in
// two namespaces do not share it.
func (l *run) file(s *lessons.Session) string { return "kpod-" + s.Namespace + "-" + manifest }

func (l *run) path(s *lessons.Session) string {
	return path.Join(or(l.dir, "<staticPodPath>"), l.file(s))
}

// fill puts the facts found so far into a command line.
func (l *run) fill(s *lessons.Session, cmd string) string {
	return strings.NewReplacer(
		"{{node}}", or(l.node, "<node>"),
		"{{mirror}}", l.mirror(),
		"{{config}}", or(l.config, KubeletConfig),
		"{{dir}}", or(l.dir, "<staticPodPath>"),
		"{{path}}", l.path(s),
	).Replace(cmd)
}

// action is a step of this lesson; its command line is filled in when shown.
type action struct {
	l      *run
	show   string // "kubectl ..." gets the namespace; "ssh" runs on the node
	global bool   // shown as it is: not about the lesson's namespace
	fn     func(ctx context.Context, s *lessons.Session) (string, error)
}

func (a *action) Show(s *lessons.Session) string {
	cmd := a.l.fill(s, a.show)
	if args, ok := strings.CutPrefix(cmd, "kubectl "); ok && !a.global {
		return s.Kubectl(args)
	}
	return cmd
}

func (a *action) Run(ctx context.Context, s *lessons.Session) (string, error) { return a.fn(ctx, s) }

func (l *run) api(cmd string, fn func(context.Context, *lessons.Session) (string, error)) lessons.Action {
	return &action{l: l, show: "kubectl " + cmd, fn: fn}
}

func (l *run) onNode(cmd string, fn func(context.Context, *lessons.Session) (string, error)) lessons.Action {
	return &action{l: l, show: "ssh {{node}} sudo " + cmd, fn: fn}
}

// pickNode lists the nodes and picks one: --node, else a Ready
// control-plane node (where kubeadm and kind keep their static Pods), else
// the first Ready node.
func (l *run) pickNode(ctx context.Context, s *lessons.Session) (string, error) {
	list, err := s.Clients.Client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return "", fmt.Errorf("listing nodes: %w", kube.Explain(err))
	}
	nodes := list.Items
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	var pick *corev1.Node
	for i := range nodes {
		n := &nodes[i]
		if l.want != "" {
			if n.Name == l.want {
				pick = n
			}
			continue
		}
		if ready(n) && (pick == nil || isControlPlane(n) && !isControlPlane(pick)) {
			pick = n
		}
	}
	switch {
	case pick == nil && l.want != "":
		return "", fmt.Errorf("node %q not found; `kubectl get nodes` lists them", l.want)
	case pick == nil:
		return "", errors.New("no node is Ready, so no kubelet can run a static Pod")
	case !ready(pick):
		return "", fmt.Errorf("node %s is not Ready, so its kubelet will not run a static Pod", pick.Name)
	}
	l.node = pick.Name
	s.Report.Fact("node", l.node)
	return nodeTable(nodes, s.Now()), nil
}

func isControlPlane(n *corev1.Node) bool {
	_, ok := n.Labels[controlPlane]
	return ok
}

func ready(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// nodeTable prints nodes the way `kubectl get nodes` does.
func nodeTable(nodes []corev1.Node, now time.Time) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "NAME\tSTATUS\tROLES\tAGE\tVERSION")
	for i := range nodes {
		n := &nodes[i]
		status := "NotReady"
		if ready(n) {
			status = "Ready"
		}
		if n.Spec.Unschedulable {
			status += ",SchedulingDisabled"
		}
		var roles []string
		for k := range n.Labels {
			if r, ok := strings.CutPrefix(k, "node-role.kubernetes.io/"); ok && r != "" {
				roles = append(roles, r)
			}
		}
		sort.Strings(roles)
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", n.Name, status, or(strings.Join(roles, ","), "<none>"),
			duration.HumanDuration(now.Sub(n.CreationTimestamp.Time)), n.Status.NodeInfo.KubeletVersion)
	}
	w.Flush()
	return b.String()
}

// start makes the node helper (kpod says so first) and registers, before
// any file is written, the cleanup that removes the manifest again.
func (l *run) start(ctx context.Context, s *lessons.Session) (string, error) {
	s.Report.Note(lessons.NoteInfo, s.T("picked", lessons.Vars{Node: l.node}))
	h, err := s.Node(ctx, l.node)
	if errors.Is(err, kube.ErrNoNodeAccess) {
		return "", fmt.Errorf("a static Pod is a file on a node, and this cluster does not let kpod reach node %s: %w", l.node, err)
	}
	if err != nil {
		return "", err
	}
	l.helper = h
	if !l.cleanup {
		l.cleanup = true
		s.OnCleanup(l.removeFile(s))
	}
	return "", nil
}

// removeFile is the cleanup: it removes the manifest, if it may be there,
// and waits for the kubelet to take the mirror Pod away.
func (l *run) removeFile(s *lessons.Session) func(context.Context) error {
	return func(ctx context.Context) error {
		if !l.written {
			return nil
		}
		p := l.path(s)
		if _, err := l.helper.Sh(ctx, "rm -f "+quote(kube.HostRoot+p)); err != nil {
			return fmt.Errorf("removing %s from node %s: %w; remove it there yourself, or the kubelet keeps running pod/%s", p, l.node, err, l.mirror())
		}
		l.written = false
		s.Report.Note(lessons.NoteGood, s.T("ui.cleanup.removed", lessons.Vars{Message: p + " (node " + l.node + ")"}))
		done := s.Report.Waiting("pod/" + l.mirror())
		err := kube.WaitGone(ctx, s.Clients.Client, s.Namespace, l.mirror(), s.Timeout)
		done()
		if err != nil {
			return err
		}
		s.Report.Note(lessons.NoteGood, s.T("cleanup-gone", lessons.Vars{Pod: l.mirror()}))
		return nil
	}
}

// KubeletPaths reads the kubelet's command line (one argument a line) for
// its config file and a --pod-manifest-path flag.
func KubeletPaths(cmdline string) (config, manifests string) {
	args := strings.Split(strings.TrimSpace(cmdline), "\n")
	for i, a := range args {
		for _, f := range []struct {
			flag string
			to   *string
		}{{"--config", &config}, {"--pod-manifest-path", &manifests}} {
			if v, ok := strings.CutPrefix(a, f.flag+"="); ok {
				*f.to = v
			} else if a == f.flag && i+1 < len(args) {
				*f.to = args[i+1]
			}
		}
	}
	return config, manifests
}

// StaticPodPath reads staticPodPath from a kubelet config file.
func StaticPodPath(config []byte) (string, error) {
	var c struct {
		StaticPodPath string `json:"staticPodPath"`
	}
	if err := yaml.Unmarshal(config, &c); err != nil {
		return "", err
	}
	return c.StaticPodPath, nil
}

// readConfig finds the kubelet's staticPodPath on the node.
func (l *run) readConfig(ctx context.Context, s *lessons.Session) (string, error) {
	cmdline, _ := l.helper.Sh(ctx, `for d in /proc/[0-9]*; do [ "$(cat $d/comm 2>/dev/null)" = kubelet ] && { tr '\0' '\n' < $d/cmdline; break; }; done; true`)
	config, flag := KubeletPaths(cmdline)
	if config == "" {
		config = KubeletConfig
	}
	if config != KubeletConfig {
		s.Report.Note(lessons.NoteInfo, s.T("config-elsewhere", lessons.Vars{Message: config}))
	}
	l.config = config
	data, err := l.helper.Sh(ctx, "cat "+quote(kube.HostRoot+config))
	if err != nil && flag == "" {
		return "", fmt.Errorf("cannot read the kubelet's config %s on node %s: %w", config, l.node, err)
	}
	dir, err := StaticPodPath([]byte(data))
	if err != nil && flag == "" {
		return "", fmt.Errorf("the kubelet's config %s on node %s: %w", config, l.node, err)
	}
	var out []string
	for _, line := range strings.Split(data, "\n") {
		if strings.Contains(line, "staticPodPath") {
			out = append(out, line)
		}
	}
	if flag != "" {
		dir = flag
		s.Report.Note(lessons.NoteInfo, s.T("config-flag", lessons.Vars{Message: flag}))
	}
	if dir == "" {
		return strings.Join(out, "\n"), fmt.Errorf("the kubelet on node %s has no staticPodPath (in %s), so it runs no static Pods; "+
			"kubeadm and kind set it to /etc/kubernetes/manifests (try another node with --node)", l.node, config)
	}
	if _, err := l.helper.Sh(ctx, "test -d "+quote(kube.HostRoot+dir)); err != nil {
		return strings.Join(out, "\n"), fmt.Errorf("staticPodPath %s of the kubelet on node %s is not a directory there", dir, l.node)
	}
	l.dir = dir
	s.Report.Fact("staticPodPath", dir)
	return strings.Join(out, "\n"), nil
}

// writeAction copies the manifest into the staticPodPath.
type writeAction struct{ l *run }

func (a *writeAction) Show(s *lessons.Session) string {
	return a.l.fill(s, "ssh {{node}} sudo tee {{path}} < "+manifest)
}

func (a *writeAction) Manifest() (string, []byte, error) {
	data, err := fs.ReadFile(lessons.Manifests, manifest)
	return manifest, data, err
}

// Render makes the file kpod writes to the node at file: the example
// manifest in the lesson's namespace, with kpod's labels (the mirror Pod
// carries them, so kpod's timeline follows it), the images chosen for their
// roles, and two annotations: the file's own path, so `kpod clean` can find
// it, and when it was written, which makes every run a new static Pod.
func Render(s *lessons.Session, data []byte, file string) ([]byte, error) {
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	meta, _ := m["metadata"].(map[string]any)
	if meta == nil {
		return nil, fmt.Errorf("%s has no metadata", manifest)
	}
	meta["namespace"] = s.Namespace
	labels, _ := meta["labels"].(map[string]any)
	if labels == nil {
		labels = map[string]any{}
	}
	for k, v := range s.Labels() {
		labels[k] = v
	}
	meta["labels"] = labels
	annotations, _ := meta["annotations"].(map[string]any)
	if annotations == nil {
		annotations = map[string]any{}
	}
	annotations[kube.StaticFileAnnotation] = file
	annotations[writtenAnnotation] = s.Now().UTC().Format(time.RFC3339)
	meta["annotations"] = annotations
	spec, _ := m["spec"].(map[string]any)
	for _, key := range []string{"initContainers", "containers"} {
		list, _ := spec[key].([]any)
		for _, c := range list {
			if c, ok := c.(map[string]any); ok {
				if img, ok := c["image"].(string); ok {
					if role, ok := lessons.RoleOf(img); ok {
						c["image"] = s.Image(role)
					}
				}
			}
		}
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		return nil, err
	}
	head := "# Written by kpod's static lesson. The kubelet runs this Pod while the file is here.\n"
	return append([]byte(head), out...), nil
}

func (a *writeAction) Run(ctx context.Context, s *lessons.Session) (string, error) {
	l := a.l
	_, data, err := a.Manifest()
	if err != nil {
		return "", err
	}
	p := l.path(s)
	content, err := Render(s, data, p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", manifest, err)
	}
	host := kube.HostRoot + p
	old, err := l.helper.Sh(ctx, "if [ -e "+quote(host)+" ]; then cat "+quote(host)+"; else echo absent; fi")
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(old) != "absent" {
		if !strings.Contains(old, lessons.ManagedBy+": "+lessons.ManagedByValue) {
			return "", fmt.Errorf("%s already exists on node %s and kpod did not write it; kpod will not touch it", p, l.node)
		}
		s.Report.Note(lessons.NoteWarn, s.T("ui.leftover", lessons.Vars{Message: p}))
		l.written = true
		if err := l.removeFile(s)(ctx); err != nil {
			return "", err
		}
	}
	// Written beside it under a hidden name (the kubelet skips those), then
	// renamed, so the kubelet never reads half a file.
	tmp := kube.HostRoot + path.Join(l.dir, ".kpod-"+s.Namespace+".tmp")
	script := "cat > " + quote(tmp) + " <<'KPOD_EOF'\n" + string(content) + "KPOD_EOF\nmv " + quote(tmp) + " " + quote(host)
	l.written = true
	if _, err := l.helper.Sh(ctx, script); err != nil {
		return "", fmt.Errorf("writing %s on node %s: %w", p, l.node, err)
	}
	return string(content), nil
}

// ready waits for the kubelet to run the static Pod and publish its mirror.
func (l *run) ready(ctx context.Context, s *lessons.Session) (string, error) {
	p, err := s.WaitFor(ctx, l.mirror(), lessons.Ready)
	if err != nil {
		if p == nil {
			return "", fmt.Errorf("%w (the kubelet on node %s did not publish a mirror Pod; its log says why)", err, l.node)
		}
		return "", err
	}
	return "pod/" + l.mirror() + " condition met", nil
}

// describe shows the mirror Pod's metadata: who made it and what marks it.
func (l *run) describe(ctx context.Context, s *lessons.Session) (string, error) {
	p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, l.mirror(), metav1.GetOptions{})
	if err != nil {
		return "", kube.Explain(err)
	}
	l.before = p
	s.Report.Fact("mirror.uid", string(p.UID))
	s.Report.Fact("mirror.annotation", p.Annotations[corev1.MirrorPodAnnotationKey])
	var managers []map[string]string
	for _, f := range p.ManagedFields {
		m := map[string]string{"manager": f.Manager, "operation": string(f.Operation)}
		if f.Subresource != "" {
			m["subresource"] = f.Subresource
		}
		managers = append(managers, m)
	}
	meta := map[string]any{
		"name": p.Name, "namespace": p.Namespace, "uid": p.UID,
		"labels": p.Labels, "annotations": p.Annotations,
		"ownerReferences": p.OwnerReferences, "managedFields": managers,
	}
	b, err := yaml.Marshal(map[string]any{"metadata": meta})
	if err != nil {
		return "", err
	}
	return string(b) + "spec: ...   (" + s.T("metadata-only", lessons.Vars{}) + ")\n", nil
}

// columns shows the mirror Pod's UID and its container, the way
// `kubectl get -o custom-columns` does.
func (l *run) columns(ctx context.Context, s *lessons.Session) (string, error) {
	p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, l.mirror(), metav1.GetOptions{})
	if err != nil {
		return "", kube.Explain(err)
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "UID\tCONTAINER\tSTARTED\tRESTARTS")
	id, started, restarts := "<none>", "<none>", "<none>"
	if len(p.Status.ContainerStatuses) > 0 {
		c := p.Status.ContainerStatuses[0]
		id = or(c.ContainerID, "<none>")
		if r := c.State.Running; r != nil {
			started = r.StartedAt.UTC().Format(time.RFC3339)
		}
		restarts = fmt.Sprint(c.RestartCount)
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.UID, id, started, restarts)
	w.Flush()
	return b.String(), nil
}

// delete deletes the mirror Pod through the API, as `kubectl delete` does,
// and watches the kubelet publish it again.
func (l *run) delete(ctx context.Context, s *lessons.Session) (string, error) {
	pods := s.Clients.Client.CoreV1().Pods(s.Namespace)
	old := l.before
	if err := pods.Delete(ctx, l.mirror(), metav1.DeleteOptions{}); err != nil {
		return "", fmt.Errorf("deleting pod/%s: %w", l.mirror(), kube.Explain(err))
	}
	start := s.Now()
	s.Report.Note(lessons.NoteInfo, s.T("delete-note", lessons.Vars{Pod: l.mirror()}))
	done := s.Report.Waiting(s.T("waiting-back", lessons.Vars{Pod: l.mirror()}))
	defer done()
	wctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	back := func(p *corev1.Pod) bool {
		return p.UID != old.UID && p.DeletionTimestamp == nil && kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue
	}
	ev, err := watchtools.UntilWithSync(wctx, kube.PodListWatch(s.Clients.Client, s.Namespace, "", l.mirror()), &corev1.Pod{},
		func(store cache.Store) (bool, error) {
			for _, o := range store.List() {
				if p, ok := o.(*corev1.Pod); ok && back(p) {
					l.after = p
					return true, nil
				}
			}
			return false, nil
		},
		func(e watch.Event) (bool, error) {
			p, ok := e.Object.(*corev1.Pod)
			return ok && e.Type != watch.Deleted && back(p), nil
		})
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("pod/%s did not come back within %s: %w", l.mirror(), s.Timeout, err)
	}
	if ev != nil {
		l.after = ev.Object.(*corev1.Pod)
	}
	took := s.Now().Sub(start).Round(time.Second)
	s.Report.Fact("mirror.uid.after", string(l.after.UID))
	s.Report.Fact("mirror.back.seconds", took.Seconds())
	l.took = took
	return fmt.Sprintf("pod \"%s\" deleted\n", l.mirror()), nil
}

// Same reports whether the static Pod's container kept running while its
// mirror Pod was replaced: same container ID, same start, no restart.
func Same(before, after *corev1.Pod) bool {
	if len(before.Status.ContainerStatuses) == 0 || len(after.Status.ContainerStatuses) == 0 {
		return false
	}
	b, a := before.Status.ContainerStatuses[0], after.Status.ContainerStatuses[0]
	if b.State.Running == nil || a.State.Running == nil {
		return false
	}
	return b.ContainerID == a.ContainerID && b.State.Running.StartedAt.Equal(&a.State.Running.StartedAt) && a.RestartCount == b.RestartCount
}

// compare says what the delete did and did not change.
func (l *run) compare(_ context.Context, s *lessons.Session) (string, error) {
	same := Same(l.before, l.after)
	s.Report.Fact("container.kept", same)
	v := lessons.Vars{Pod: l.mirror(), Message: short(string(l.before.UID)), Status: short(string(l.after.UID)), Reason: l.took.String()}
	if same {
		s.Report.Note(lessons.NoteGood, s.T("kept", v))
	} else {
		s.Report.Note(lessons.NoteWarn, s.T("restarted", v))
	}
	return "", nil
}

// remove deletes the manifest file on the node.
func (l *run) remove(ctx context.Context, s *lessons.Session) (string, error) {
	if _, err := l.helper.Sh(ctx, "rm "+quote(kube.HostRoot+l.path(s))); err != nil {
		return "", err
	}
	l.written = false
	return "", nil
}

// gone waits, on a watch, until the kubelet has removed the mirror Pod.
func (l *run) gone(ctx context.Context, s *lessons.Session) (string, error) {
	done := s.Report.Waiting(s.T("ui.waiting", lessons.Vars{Pod: l.mirror(), Message: "delete"}))
	err := kube.WaitGone(ctx, s.Clients.Client, s.Namespace, l.mirror(), s.Timeout)
	done()
	if err != nil {
		return "", err
	}
	return "pod/" + l.mirror() + " condition met", nil
}

// list shows what is in the staticPodPath.
func (l *run) list(ctx context.Context, s *lessons.Session) (string, error) {
	out, err := l.helper.Sh(ctx, "ls -l "+quote(kube.HostRoot+l.dir))
	l.empty = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out), "total 0")) == ""
	return out, err
}

// listed says so when the directory holds nothing but what kpod wrote.
func (l *run) listed(_ context.Context, s *lessons.Session) (string, error) {
	if l.empty {
		s.Report.Note(lessons.NoteInfo, s.T("empty", lessons.Vars{Node: l.node, Message: l.dir}))
	}
	return "", nil
}

// system lists kube-system's Pods and says which are mirror Pods.
func (l *run) system(ctx context.Context, s *lessons.Session) (string, error) {
	list, err := s.Clients.Client.CoreV1().Pods("kube-system").List(ctx, metav1.ListOptions{})
	if err != nil {
		s.Report.Note(lessons.NoteInfo, s.T("no-kube-system", lessons.Vars{Message: kube.Explain(err).Error()}))
		return "", nil
	}
	mirrors := []string{}
	for _, p := range list.Items {
		if _, ok := p.Annotations[corev1.MirrorPodAnnotationKey]; ok {
			mirrors = append(mirrors, p.Name)
		}
	}
	sort.Strings(mirrors)
	s.Report.Fact("kube-system.mirrors", mirrors)
	key := "mirrors"
	if len(mirrors) == 0 {
		key = "no-mirrors"
	}
	table := kube.PodTable(list.Items, false, s.Now())
	return table + "\n" + s.T(key, lessons.Vars{Message: strings.Join(mirrors, ", ")}), nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func short(uid string) string {
	if len(uid) > 8 {
		return uid[:8] + "…"
	}
	return uid
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
