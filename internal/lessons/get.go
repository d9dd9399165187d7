package lessons

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// Get prints Pods like `kubectl get`, through kubectl's own printers. With
// no names it lists the lesson's namespace (`kubectl get pods`). output is
// kubectl's -o: "" (the table), "wide", "yaml", "json",
// "jsonpath=TEMPLATE" or "custom-columns=SPEC". Names may read facts.
func Get(output string, names ...string) *GetAction { return &GetAction{output: output, names: names} }

// GetAction is the action Get makes; its methods tune it.
type GetAction struct {
	output string
	names  []string
	fact   Fact[string]
	only   []string
	then   func(View, []corev1.Pod) (report.Output, error)
}

// Into records what was printed as a fact (a jsonpath's value, say).
func (a *GetAction) Into(f Fact[string]) *GetAction { a.fact = f; return a }

// Only cuts -o yaml down to the given fields ("spec.containers",
// "metadata"), marking the cut with "# ...", for a step about one part.
func (a *GetAction) Only(fields ...string) *GetAction { a.only = fields; return a }

// Then hands the Pods to fn after they are printed, to record facts; what
// fn returns is shown after the printout.
func (a *GetAction) Then(fn func(View, []corev1.Pod) (report.Output, error)) *GetAction {
	a.then = fn
	return a
}

func (a *GetAction) targets(s *Session) []string {
	out := make([]string, len(a.names))
	for i, n := range a.names {
		out[i] = s.fill(n)
	}
	return out
}

// Plan of a get: the fact it learns (Into).
func (a *GetAction) Plan() (Plan, error) { return learns(string(a.fact)), nil }

// show implements Action.
func (a *GetAction) show(s *Session) string {
	names := a.targets(s)
	cmd := "get pods"
	if len(names) == 1 {
		cmd = "get pod"
	}
	for _, n := range names {
		cmd += " " + n
	}
	if a.output != "" {
		kind, value, ok := strings.Cut(a.output, "=")
		if ok {
			cmd += " -o " + kind + "=" + shellescape.Quote(value)
		} else {
			cmd += " -o " + kind
		}
	}
	return s.kubectl(cmd)
}

// run implements Action.
func (a *GetAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pods, err := s.pods(ctx, a.targets(s))
	if err != nil {
		return report.Output{}, err
	}
	out, err := printPods(pods, a.output, s.Env.Time())
	if err != nil {
		return report.Output{}, err
	}
	if len(a.only) > 0 {
		if out, err = only(out, a.only); err != nil {
			return report.Output{}, err
		}
	}
	if a.fact != "" {
		a.fact.Set(s, out)
	}
	if a.then == nil {
		return report.Quoted(out), nil
	}
	more, err := a.then(View{s}, pods)
	return report.Quoted(out).Then(more), err
}

// pods fetches the named Pods, or all of the namespace.
func (s *Session) pods(ctx context.Context, names []string) ([]corev1.Pod, error) {
	if len(names) == 0 {
		list, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, kube.Explain(err)
		}
		return list.Items, nil
	}
	var out []corev1.Pod
	for _, n := range names {
		p, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).Get(ctx, n, metav1.GetOptions{})
		if err != nil {
			return nil, fmt.Errorf("pod/%s: %w", n, kube.Explain(err))
		}
		out = append(out, *p)
	}
	return out, nil
}

// printPods prints Pods as `kubectl get pods -o OUTPUT` does, with
// kubectl's printers (managed fields left out, as kubectl does by default).
func printPods(pods []corev1.Pod, output string, now time.Time) (string, error) {
	kind, value, _ := strings.Cut(output, "=")
	if kind == "" || kind == "wide" {
		return kube.PodTable(pods, kind == "wide", now), nil
	}
	var p printers.ResourcePrinter
	switch kind {
	case "yaml":
		p = &printers.YAMLPrinter{}
	case "json":
		p = &printers.JSONPrinter{}
	case "jsonpath":
		jp, err := printers.NewJSONPathPrinter(value)
		if err != nil {
			return "", fmt.Errorf("jsonpath %s: %w", value, err)
		}
		jp.AllowMissingKeys(true)
		p = jp
	case "custom-columns":
		var b bytes.Buffer
		objs := make([]runtime.Object, len(pods))
		for i := range pods {
			objs[i] = &pods[i]
		}
		err := kube.CustomColumns(&b, value, objs...)
		return b.String(), err
	default:
		return "", fmt.Errorf("kpod does not print -o %s", output)
	}
	var obj runtime.Object
	items := make([]corev1.Pod, len(pods))
	for i := range pods {
		pods[i].DeepCopyInto(&items[i])
		items[i].ManagedFields = nil
	}
	if len(items) == 1 {
		obj = &items[0]
	} else {
		obj = &corev1.PodList{Items: items}
	}
	var b bytes.Buffer
	if err := printers.NewTypeSetter(scheme.Scheme).ToPrinter(p).PrintObj(obj, &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// only keeps the given dotted fields of a YAML document.
func only(doc string, fields []string) (string, error) {
	var all map[string]any
	if err := yaml.Unmarshal([]byte(doc), &all); err != nil {
		return "", err
	}
	part := map[string]any{}
	for _, f := range fields {
		path := strings.Split(f, ".")
		var v any = all
		for _, p := range path {
			m, _ := v.(map[string]any)
			v = m[p]
		}
		m := part
		for _, p := range path[:len(path)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[path[len(path)-1]] = v
	}
	b, err := yaml.Marshal(part)
	if err != nil {
		return "", err
	}
	return "# ...\n" + string(b) + "# ...\n", nil
}
