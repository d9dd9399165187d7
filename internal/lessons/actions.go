package lessons

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// strict decodes objects as the API server does, except that an unknown
// field (usually a typo, which would otherwise be dropped silently) or a
// field given twice is an error.
var strict = serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()

// Decode reads every object in a YAML manifest with strict, so a
// misspelt field in an example or a task is an error, not a field
// silently left out.
func Decode(data []byte) ([]runtime.Object, error) {
	var out []runtime.Object
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for n := 1; ; n++ {
		doc, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		obj, _, err := strict.Decode(doc, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		out = append(out, obj)
	}
}

func stripComments(doc []byte) []byte {
	var b bytes.Buffer
	for _, l := range bytes.Split(doc, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("#")) {
			b.Write(l)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// stamp marks obj as the lesson's: it adds kpod's labels, sets the
// lesson's namespace, and replaces each container image that is a role's
// default with the image chosen for that role. create and helper Pods use
// it; stampStatic does the same for a static Pod's manifest.
func (s *Session) stamp(obj runtime.Object) error {
	meta, err := metaOf(obj)
	if err != nil {
		return err
	}
	labels := meta.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	for k, v := range lessonLabels(s.Lesson.Name) {
		labels[k] = v
	}
	meta.SetLabels(labels)
	meta.SetNamespace(s.Env.Namespace)
	if pod, ok := obj.(*corev1.Pod); ok {
		for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
			for i := range list {
				list[i].Image = s.Env.Images.Swap(list[i].Image)
			}
		}
	}
	return nil
}

// kindOf returns obj's kind (Pod, Service...), from the scheme when obj
// does not say it.
func kindOf(obj runtime.Object) (string, error) {
	if k := obj.GetObjectKind().GroupVersionKind().Kind; k != "" {
		return k, nil
	}
	gvks, _, err := scheme.Scheme.ObjectKinds(obj)
	if err != nil {
		return "", err
	}
	return gvks[0].Kind, nil
}

// create creates obj in the lesson's namespace with kpod's labels and
// returns kubectl's line for it ("pod/web created"). An object of the same
// name left over from an earlier kpod run is deleted and created again;
// any other object of that name is an error (runGuard.replace decides).
func (s *Session) create(ctx context.Context, obj runtime.Object) (string, error) {
	kind, err := kindOf(obj)
	if err != nil {
		return "", err
	}
	if err := s.stamp(obj); err != nil {
		return "", err
	}
	meta, _ := metaOf(obj)
	ref := objectRef{kind, meta.GetName()}
	s.made(kind, meta.GetName())
	err = kube.Create(ctx, s.Env.Clients.Client, s.Env.Namespace, obj)
	if kube.IsAlreadyExists(err) {
		// Read only when the name is taken: most runs find it free.
		tell := func(stopping bool) (done func()) {
			if stopping { // deleted at the end of a run a moment ago
				s.Report.Note(ui.Info, s.line("ui.leftover.going", text.Facts{"Name": ref.String()}))
			} else {
				s.Report.Note(ui.Warn, s.line("ui.leftover", text.Facts{"Name": ref.String()}))
			}
			return s.Report.Waiting(ref.String())
		}
		if err := s.guard.replace(ctx, ref, s.Config.Timeout, tell); err != nil {
			s.undo.forget(kind, meta.GetName())
			return "", err
		}
		err = kube.Create(ctx, s.Env.Clients.Client, s.Env.Namespace, obj)
	}
	if err != nil {
		s.undo.forget(kind, meta.GetName())
		return "", words.Err("err.lesson.creating", text.Facts{"Object": ref.String()}).Because(err)
	}
	return ref.String() + " created", nil
}

func metaOf(obj runtime.Object) (metav1.Object, error) {
	m, ok := obj.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%s has no metadata", obj.GetObjectKind().GroupVersionKind())
	}
	return m, nil
}

// Create creates every object in a file under examples/, like `kubectl create -f`.
func Create(file string) Action { return &createAction{file: file} }

type createAction struct {
	fsys fs.FS // nil: examples.FS
	file string
	edit func(View, runtime.Object) (report.Output, error) // may adjust each object before it is sent, and say so
}

func (a *createAction) show(s *Session) string { return s.kubectl("create -f " + a.file) }

// Plan of kubectl create -f: its manifest.
func (a *createAction) Plan() (Plan, error) {
	fsys := a.fsys
	if fsys == nil {
		fsys = examples.FS
	}
	data, err := fs.ReadFile(fsys, a.file)
	return Plan{File: a.file, Manifest: data}, err
}

func (a *createAction) run(ctx context.Context, s *Session) (report.Output, error) {
	p, err := a.Plan()
	if err != nil {
		return report.Output{}, err
	}
	objs, err := Decode(p.Manifest)
	if err != nil {
		return report.Output{}, fmt.Errorf("%s: %w", a.file, err)
	}
	var out report.Output
	for i, obj := range objs {
		if a.edit != nil {
			said, err := a.edit(View{s}, obj)
			out = out.Then(said)
			if err != nil {
				return out, fmt.Errorf("%s: %w", a.file, err)
			}
		}
		line, err := s.create(ctx, obj)
		if err != nil {
			return out, err
		}
		if i > 0 {
			line = "\n" + line
		}
		out = out.Quote(line)
	}
	return out, nil
}

// RunPod makes a one-container Pod the way `kubectl run NAME --image=... --port=...` does.
func RunPod(name, role string, port int32) Action {
	return &runAction{name: name, role: role, port: port}
}

type runAction struct {
	name, role string
	port       int32
}

// Plan of kubectl run: the Pod it starts.
func (a *runAction) Plan() (Plan, error) { return Plan{Starts: a.name}, nil }

func (a *runAction) show(s *Session) string {
	cmd := fmt.Sprintf("run %s --image=%s", a.name, s.Env.Images.Image(a.role))
	if a.port > 0 {
		cmd += fmt.Sprintf(" --port=%d", a.port)
	}
	return s.kubectl(cmd)
}

func (a *runAction) run(ctx context.Context, s *Session) (report.Output, error) {
	c := corev1.Container{Name: a.name, Image: s.Env.Images.Image(a.role)}
	if a.port > 0 {
		c.Ports = []corev1.ContainerPort{{ContainerPort: a.port}}
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: a.name, Labels: map[string]string{"run": a.name}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{c}},
	}
	out, err := s.create(ctx, pod)
	return report.Quoted(out), err
}

// RunOnce runs a command in a new throwaway Pod and shows its output, like
// `kubectl run NAME --rm -i --restart=Never --image=... -- CMD`.
func RunOnce(name, role string, cmd ...string) *RunOnceAction {
	return &RunOnceAction{name: name, role: role, cmd: cmd}
}

// RunOnceAction is the action RunOnce makes.
type RunOnceAction struct {
	name, role string
	cmd        []string
	node       Fact[string] // the fact naming the node to run on
}

// On runs the Pod on the node the fact f names, shown as
// `--overrides='{"spec":{"nodeName":"NODE"}}'`. When the fact is "", the
// scheduler picks the node, and the fact is set to the node it picked.
func (a *RunOnceAction) On(f Fact[string]) *RunOnceAction { a.node = f; return a }

// Plan of kubectl run --rm -i: the Pod it starts and waits for.
func (a *RunOnceAction) Plan() (Plan, error) {
	return Plan{Starts: a.name, Waits: []string{a.name}}, nil
}

func (a *RunOnceAction) nodeName(s *Session) string {
	if a.node == "" {
		return ""
	}
	if n, ok := a.node.Get(s); ok {
		return n
	}
	if s.Config.DryRun {
		return "<" + string(a.node) + ">"
	}
	return ""
}

func (a *RunOnceAction) args(s *Session) []string {
	out := make([]string, len(a.cmd))
	for i, c := range a.cmd {
		out[i] = s.fill(c)
	}
	return out
}

func (a *RunOnceAction) show(s *Session) string {
	node := ""
	if n := a.nodeName(s); n != "" {
		node = fmt.Sprintf(` --overrides='{"spec":{"nodeName":"%s"}}'`, n)
	}
	return s.kubectl(fmt.Sprintf("run %s --rm -i --restart=Never --image=%s%s -- %s", a.name, s.Env.Images.Image(a.role), node, shellescape.QuoteCommand(a.args(s))))
}

func (a *RunOnceAction) run(ctx context.Context, s *Session) (report.Output, error) {
	zero := int64(0)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: a.name, Labels: map[string]string{"run": a.name}},
		Spec: corev1.PodSpec{
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: &zero,
			Containers:                    []corev1.Container{{Name: a.name, Image: s.Env.Images.Image(a.role), Args: a.args(s)}},
			NodeName:                      a.nodeName(s),
		},
	}
	if _, err := s.create(ctx, pod); err != nil {
		return report.Output{}, err
	}
	p, err := s.wait().until(ctx, a.name, finished)
	if err != nil {
		return report.Output{}, err
	}
	if a.node != "" {
		a.node.Set(s, p.Spec.NodeName) // where it ran: the scheduler's pick, where the fact was ""
	}
	logs, lerr := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).GetLogs(a.name, &corev1.PodLogOptions{}).DoRaw(ctx)
	// Like `kubectl run --rm`, which asks for the deletion and does not
	// wait for it (the kubelet's housekeeping takes seconds more).
	if _, derr := kube.Remove(ctx, s.Env.Clients.Client, s.Env.Namespace, "Pod", a.name); derr == nil {
		s.undo.forget("Pod", a.name)
	}
	if lerr != nil {
		return report.Output{}, words.Err("err.lesson.logs", text.Facts{"Pod": a.name, "Previous": false}).Because(kube.Explain(lerr))
	}
	out := string(logs)
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	out += fmt.Sprintf("pod \"%s\" deleted\n", a.name)
	if p.Status.Phase == corev1.PodFailed {
		return report.Quoted(out), words.Err("err.lesson.podfailed", text.Facts{"Pod": a.name})
	}
	return report.Quoted(out), nil
}

// Delete deletes a Pod kpod made, like `kubectl delete pod NAME --now`, and
// waits until it is gone.
func Delete(pod string) Action { return &deleteAction{pod: pod} }

type deleteAction struct{ pod string }

// Plan of a delete: the Pod it deletes.
func (a *deleteAction) Plan() (Plan, error) { return Plan{Deletes: a.pod}, nil }

func (a *deleteAction) show(s *Session) string {
	return s.kubectl("delete pod " + s.fill(a.pod) + " --now")
}

func (a *deleteAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	sent, err := kube.Remove(ctx, s.Env.Clients.Client, s.Env.Namespace, "Pod", pod)
	if sent {
		err = s.wait().gone(ctx, pod)
	}
	if err != nil {
		return report.Output{}, err
	}
	s.undo.forget("Pod", pod)
	return report.Quoted(fmt.Sprintf("pod \"%s\" deleted", pod)), nil
}

// Patch changes an object kpod made with a JSON merge patch, like
// `kubectl patch KIND NAME -p PATCH`. kind is spelled as in a manifest
// (ConfigMap).
func Patch(kind, name, patch string) Action {
	return do(fmt.Sprintf("kubectl patch %s %s -p '%s'", strings.ToLower(kind), name, patch), Plan{}, func(ctx context.Context, s *Session) (report.Output, error) {
		ref := objectRef{kind, name}
		if err := kube.MergePatch(ctx, s.Env.Clients.Client, s.Env.Namespace, kind, name, []byte(patch)); err != nil {
			return report.Output{}, fmt.Errorf("%s: %w", ref, err)
		}
		return report.Quoted(ref.String() + " patched"), nil
	})
}

// Do is an action written in Go, for what a lesson needs that no other
// action does. show is the command shown to the student ("" for none; it
// may use templates).
func Do(show string, fn func(ctx context.Context, v View) (report.Output, error)) Action {
	return do(show, Plan{}, func(ctx context.Context, s *Session) (report.Output, error) { return fn(ctx, View{s}) })
}

// do is Do for the engine's own actions: fn gets the whole Session, and
// the action reports plan as its Plan.
func do(show string, plan Plan, fn func(ctx context.Context, s *Session) (report.Output, error)) Action {
	return &doAction{cmd: show, plan: plan, fn: fn}
}

type doAction struct {
	cmd  string
	plan Plan
	fn   func(ctx context.Context, s *Session) (report.Output, error)
}

// Plan returns the Plan do was given.
func (a *doAction) Plan() (Plan, error) { return a.plan, nil }

func (a *doAction) show(s *Session) string {
	show := s.fill(a.cmd)
	if args, ok := strings.CutPrefix(show, "kubectl "); ok {
		return s.kubectl(args)
	}
	return show
}

func (a *doAction) run(ctx context.Context, s *Session) (report.Output, error) { return a.fn(ctx, s) }

// IfLearned runs a only when the run has learned a value other than ""
// for the fact f: for a step that needs something an earlier action may
// not find. A dry run learns nothing, so it always shows a.
func IfLearned(f Fact[string], a Action) Action { return ifLearned{a, f} }

type ifLearned struct {
	Action
	f Fact[string]
}

func (a ifLearned) show(s *Session) string {
	if v, _ := a.f.Get(s); v == "" && !s.Config.DryRun {
		return ""
	}
	return a.Action.show(s)
}

func (a ifLearned) run(ctx context.Context, s *Session) (report.Output, error) {
	if v, _ := a.f.Get(s); v == "" {
		return report.Output{}, nil
	}
	return a.Action.run(ctx, s)
}
