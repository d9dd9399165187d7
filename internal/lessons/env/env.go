// Package env is the course's lesson on environment variables: the ones an
// image brings, the ones a Pod adds or overrides, and the Downward API that
// hands a container its own Pod's name, IP, node and limits.
package env

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

const (
	plain = "web-plain" // the web image as it is
	pod   = "web-env"   // the same image with the Pod's own variables
	// fileOverride is the image variable pod-env.yaml overrides: the nginx
	// image sets it. Other images get another of their own variables.
	fileOverride = "NGINX_VERSION"
)

// Facts the lesson learns.
const (
	overrideVar   lessons.Fact[string] = "env.override.variable" // the image's variable the Pod overrides
	overrideImage lessons.Fact[string] = "env.override.image"    // its value in the image
	overridePod   lessons.Fact[string] = "env.override.pod"      // and in the Pod
)

// Lesson is the `env` lesson.
var Lesson = &lessons.Lesson{
	Name:    "env",
	Chapter: 7,
	Text:    text.MustLoad(files),
	Tasks:   tasks,
	Steps: func(lessons.Values) []lessons.Step {
		r := &run{}
		return []lessons.Step{
			{Key: "plain", Do: []lessons.Action{lessons.RunPod(plain, "web", 80), lessons.Wait(plain, lessons.Ready)}},
			{Key: "image-env", Do: []lessons.Action{
				lessons.Exec(plain, "", "env").Sort().MustSucceed().Then(r.readPlain),
				lessons.Do("", r.sources),
			}},
			{Key: "create", Do: []lessons.Action{
				lessons.CreateEdited("pod-env.yaml", r.edit), lessons.Wait(pod, lessons.Ready),
				lessons.Get("yaml", pod).Only("spec.containers"),
			}},
			{Key: "compare", Do: []lessons.Action{
				lessons.Exec(pod, "", "env").Sort().MustSucceed().Then(r.readPod),
				lessons.WithPod("", pod, r.compare),
			}},
			{Key: "downward", Do: []lessons.Action{lessons.Get("wide", pod).Then(r.downward)}},
			{Key: "recap"},
		}
	},
}

// run is what one run of the lesson learns on the way.
type run struct {
	image    map[string]string // web-plain's environment
	inPod    map[string]string // web-env's environment
	override string            // the image variable the Pod overrides
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func (r *run) readPlain(_ lessons.View, res lessons.ExecResult) (report.Output, error) {
	r.image = parseEnv(res.Stdout)
	return report.Quoted(res.Output()), nil
}

func (r *run) readPod(_ lessons.View, res lessons.ExecResult) (report.Output, error) {
	r.inPod = parseEnv(res.Stdout)
	return report.Quoted(res.Output()), nil
}

// pick chooses the image variable to override: the manifest's own when the
// image has it, else one that names a version or a server (changing those
// changes nothing the server does), else the first by name. PATH is left
// alone: changing it would break the container's commands.
func pick(image map[string]string) string {
	var cands []string
	for _, k := range sortedKeys(image) {
		if origin(k, image[k]) == "src.image" && k != "PATH" {
			cands = append(cands, k)
		}
	}
	if _, ok := image[fileOverride]; ok {
		return fileOverride
	}
	for _, k := range cands {
		if strings.Contains(k, "VERSION") || strings.Contains(k, "SERVER") {
			return k
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return ""
}

// sources shows where each of web-plain's variables comes from and which
// one the Pod will override.
func (r *run) sources(_ context.Context, v lessons.View) (report.Output, error) {
	var rows [][]report.Line
	services := 0
	for _, k := range sortedKeys(r.image) {
		if src := origin(k, r.image[k]); src != "src.kubernetes" {
			rows = append(rows, []report.Line{report.Plain(k), v.Line(src, nil)})
		} else {
			services++
		}
	}
	if services > 0 {
		rows = append(rows, []report.Line{report.Plain(fmt.Sprintf("KUBERNETES_* (%d)", services)), v.Line("src.kubernetes", nil)})
	}
	out := v.Table([]report.Line{v.Line("table.name", nil), v.Line("table.setby", nil)}, rows)
	r.override = pick(r.image)
	if r.override == "" {
		return out.Note(ui.Warn, v.Line("override.none", text.Facts{"Image": v.Images().Image("web")})), nil
	}
	overrideVar.Set(v, r.override)
	return out.Note(ui.Info, v.Line("override.pick", text.Facts{"Image": v.Images().Image("web"), "Variable": r.override})), nil
}

// edit makes pod-env.yaml override a variable this image really sets.
func (r *run) edit(v lessons.View, obj runtime.Object) (report.Output, error) {
	var out report.Output
	p, ok := obj.(*corev1.Pod)
	if !ok || r.override == "" || r.override == fileOverride {
		return out, nil
	}
	env := p.Spec.Containers[0].Env
	for i := range env {
		if env[i].Name == fileOverride {
			env[i].Name = r.override
			out = out.Note(ui.Info, v.Line("override.swapped", text.Facts{"Image": v.Images().Image("web"), "Variable": r.override}))
		}
	}
	return out, nil
}

// compare puts the image's variables and the container's side by side.
func (r *run) compare(v lessons.View, p *corev1.Pod) (report.Output, error) {
	fromSpec := map[string]corev1.EnvVar{}
	for _, e := range p.Spec.Containers[0].Env {
		fromSpec[e.Name] = e
	}
	names := map[string]string{}
	for k := range r.image {
		names[k] = ""
	}
	for k := range r.inPod {
		names[k] = ""
	}
	var rows [][]report.Line
	services := 0
	for _, k := range sortedKeys(names) {
		was, inImage := r.image[k]
		now, inPod := r.inPod[k]
		why := origin(k, now)
		if why == "src.kubernetes" && was == now {
			services++
			continue
		}
		if e, ok := fromSpec[k]; ok {
			switch {
			case e.ValueFrom != nil:
				why = "src.downward"
			case inImage:
				why = "src.override"
			default:
				why = "src.new"
			}
		}
		rows = append(rows, append(lessons.Plains(k, shown(was, inImage), shown(now, inPod)), v.Line(why, nil)))
		if why == "src.override" {
			overrideImage.Set(v, was)
			overridePod.Set(v, now)
		}
	}
	if services > 0 {
		n := fmt.Sprintf("(%d)", services)
		rows = append(rows, append(lessons.Plains("KUBERNETES_*", n, n), v.Line("services", text.Facts{"Count": services})))
	}
	head := []report.Line{v.Line("table.name", nil), v.Line("table.in", text.Facts{"Pod": plain}), v.Line("table.in", text.Facts{"Pod": pod}), v.Line("table.why", nil)}
	return v.Table(head, rows), nil
}

func shown(v string, ok bool) string {
	switch {
	case !ok:
		return "-"
	case v == "":
		return `""`
	case len(v) > 30:
		return v[:27] + "..."
	}
	return v
}

// downward checks each Downward API variable against the Pod's own field.
func (r *run) downward(v lessons.View, pods []corev1.Pod) (report.Output, error) {
	vars, err := downwardVars(&pods[0], pods[0].Spec.Containers[0])
	if err != nil {
		return report.Output{}, err
	}
	rows := [][]report.Line{}
	for _, e := range vars {
		rows = append(rows, lessons.Plains(e.Name, shown(r.inPod[e.Name], true), e.From, e.Value))
	}
	head := []report.Line{v.Line("table.name", nil), v.Line("table.container", nil), v.Line("table.from", nil), v.Line("table.onpod", nil)}
	return report.Quoted("\n").Then(v.Table(head, rows)), nil
}
