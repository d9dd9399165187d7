package practice_test

import (
	"context"
	"maps"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// onCluster are the near-misses only a real kubelet tells apart: the
// fake kubelet runs every container happily. Their e2e judges them.
var onCluster = map[string]string{
	"probe/exec":          "the probe's file is never made: only a kubelet running the probe sees it fail",
	"static/fix-schedule": "no node has the label: only a scheduler leaves the Pod Pending",
}

// brokenOnCluster are drills whose broken setup only a real node breaks.
var brokenOnCluster = map[string]string{
	"resources/fix-memory": "the container goes over its limit: only a kernel kills it",
	"env/fix-config":       "the key is missing: only a kubelet fails to make the container",
	"static/fix-schedule":  "no node has the label: only a scheduler leaves the Pod Pending",
}

// played is the fake world after steps: each apply's objects run by a
// kubelet where everything works; ready and exec change nothing here.
func played(t *testing.T, steps []practice.Step) *practice.World {
	t.Helper()
	w := pt.World(nil, nil)
	var pods []*corev1.Pod
	var svcs []*corev1.Service
	for _, s := range steps {
		if kind, name, _ := strings.Cut(s.Delete, "/"); kind == "pod" {
			for i, p := range pods {
				if p.Name == name {
					pods = append(pods[:i], pods[i+1:]...)
					break
				}
			}
			w = pt.World(pods, svcs)
		}
		if s.Apply == "" {
			continue
		}
		objs, err := practice.Manifests([]byte(w.Fill(s.Apply)))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			switch o := o.(type) {
			case *corev1.Pod:
				pods = append(pods, o)
			case *corev1.Service:
				svcs = append(svcs, o)
			}
		}
		w = pt.World(pods, svcs)
	}
	return w
}

// Every task's written solution holds and each near-miss does not, on
// fake Pods, wherever that can be judged without a cluster.
func TestSolutionsAndNearMisses(t *testing.T) {
	for _, set := range pt.Sets() {
		for _, task := range set.Tasks {
			name := set.Lesson.Name + "/" + task.Key
			spec, _ := set.File.Spec(task.Key)
			if len(spec.NearMiss) == 0 {
				t.Errorf("%s: no nearMiss", name)
			}
			if task.Node {
				continue // TestNodeTasksOnFakeNode; their e2e
			}
			t.Run(name, func(t *testing.T) {
				setup := []practice.Step{{Apply: spec.Setup}}
				if spec.Setup == "" {
					setup = nil
				}
				w := played(t, append(setup, spec.Solution...))
				if c := cases[name]; c.kubelet != nil {
					c.kubelet(w)
				}
				if r := task.Check(t.Context(), w); !r.OK {
					t.Errorf("the solution does not hold: %s", (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts))
				}
				if _, ok := onCluster[name]; ok {
					return
				}
				if _, ok := brokenOnCluster[name]; setup != nil && !ok {
					if r := task.Check(t.Context(), played(t, setup)); r.OK {
						t.Errorf("the drill holds as kpod sets it up")
					}
				}
				for _, nm := range spec.NearMiss {
					if r := task.Check(t.Context(), played(t, append(setup, nm.Steps...))); r.OK {
						t.Errorf("near-miss %q holds", nm.Differs)
					}
				}
			})
		}
	}
}

// A file with a mistake is refused in one line that names it.
func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"tasks:\n- key: a\n  chek: {pod: a}\n", `unknown field "chek"`},
		{"tasks:\n- key: a\n  check: {pod: a, conds: [reddy]}\n", `unknown check "reddy"`},
		{"tasks:\n- key: a\n  check: {pod: a, conds: [{image: 1}]}\n", "image: wants a string"},
		{"tasks:\n- key: a\n  check: {pod: a, conds: [ready: yes]}\n", "takes no argument"},
		{"tasks:\n- key: a\n  check: {pod: a, anyPod: true}\n", "exactly one of pod"},
		{"tasks:\n- key: a\n  check: {pod: a, conds: [{env: {name: X, valu: y}}]}\n", `unknown field "valu"`},
	} {
		f, err := practice.Parse([]byte(c.file))
		if err == nil {
			_, err = f.Set(nil)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.file, err, c.want)
		}
	}
}

// Manifests are read as the API reads them, but a field it does not know
// is an error.
func TestManifestsStrict(t *testing.T) {
	if _, err := practice.Manifests([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: x\n    livenesProbe: {}\n")); err == nil || !strings.Contains(err.Error(), "livenesProbe") {
		t.Errorf("a misspelt field: %v", err)
	}
	if _, err := practice.Manifests([]byte("apiVersion: apps/v1\nkind: Deployment\n")); err == nil {
		t.Error("a Deployment was taken")
	}
}

// docs/tasks.md names every check of the vocabulary with its argument,
// and nothing else; its example lints clean.
func TestDocsTasks(t *testing.T) {
	data, err := os.ReadFile("../../docs/tasks.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(\\w+)` \\| ([^|]*) \\|").FindAllStringSubmatch(doc, -1) {
		rows[m[1]] = true
		if v, ok := practice.Vocabulary()[m[1]]; ok && strings.TrimSpace(m[2]) != v.Arg && !(v.Arg == "" && strings.TrimSpace(m[2]) == "–") {
			t.Errorf("docs/tasks.md: %s takes %q, not %q", m[1], v.Arg, m[2])
		}
	}
	for name := range practice.Vocabulary() {
		if !rows[name] {
			t.Errorf("docs/tasks.md has no row for check %s", name)
		}
	}
	if problems := practice.Lint([]byte(DocsExample(t)), pt.Images); len(problems) > 0 {
		t.Errorf("docs/tasks.md's example: %s", strings.Join(problems, "\n"))
	}
}

// DocsExample is the file of tasks docs/tasks.md shows.
func DocsExample(t *testing.T) string {
	data, err := os.ReadFile("../../docs/tasks.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(data), "<!-- example")
	_, after, _ = strings.Cut(after, "```yaml\n")
	example, _, _ := strings.Cut(after, "```")
	return example
}

// The lessons' own files lint clean.
func TestLessonFilesLint(t *testing.T) {
	for _, set := range pt.Sets() {
		data, err := os.ReadFile("../lessons/" + lessontest.Dir(set.Lesson.Name) + "/tasks.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if problems := practice.Lint(data, pt.Images); len(problems) > 0 {
			t.Errorf("%s: %s", set.Lesson.Name, strings.Join(problems, "\n"))
		}
	}
}

// lint --cluster plays each solution and near-miss in a scratch namespace
// of its own, says ✗ for a near-miss that holds, and deletes every
// namespace it made.
func TestLintClusterOnFakeClient(t *testing.T) {
	file := `tasks:
- key: loose
  check: {pod: web, conds: [{image: web}]}
  solution:
  - apply: "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: '{{image \"web\"}}'}]}\n"
  nearMiss:
  - differs: the same, so it holds
    steps:
    - apply: "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: '{{image \"web\"}}'}]}\n"
  - differs: the shell image
    steps:
    - apply: "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: '{{image \"shell\"}}'}]}\n"
`
	f, err := practice.Parse([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	c := fake.NewClientset()
	l := &practice.LintCluster{Env: runenv.Env{Clients: &kube.Clients{Client: c}, Images: pt.Images, Lang: "en", Clock: clock.RealClock{}}, Timeout: 5 * time.Second, Margin: 200 * time.Millisecond}
	res := l.Run(context.Background(), f)
	if len(res) != 1 || res[0].OK || !strings.Contains(res[0].Line, `"the same, so it holds" holds`) || !strings.Contains(res[0].Line, "1 of 2 near-misses fail") {
		t.Fatalf("got %+v", res)
	}
	nss, _ := c.CoreV1().Namespaces().List(context.Background(), metav1.ListOptions{})
	if len(nss.Items) != 0 {
		t.Errorf("%d namespaces left", len(nss.Items))
	}
}

// lint --cluster says why a solution does not hold in the student's
// language, as the rest of its line.
func TestLintClusterSaysWhyInLang(t *testing.T) {
	file := `tasks:
- key: wrong
  check: {pod: web, conds: [{image: web}]}
  solution:
  - apply: "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: '{{image \"shell\"}}'}]}\n"
`
	f, err := practice.Parse([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	env := runenv.Env{Clients: &kube.Clients{Client: fake.NewClientset()}, Images: pt.Images, Lang: "ko", Clock: clock.RealClock{}}
	res := (&practice.LintCluster{Env: env, Timeout: 300 * time.Millisecond}).Run(context.Background(), f)
	if len(res) != 1 || res[0].OK || !strings.Contains(res[0].Line, "풀이가 통과하지 않습니다: pod/web의 이미지는") {
		t.Fatalf("got %+v", res)
	}
}

// pause/fix-port: kpod's Pod (both containers on port 80), a probe that
// another container answers, and no probe are each told for what they
// are, in both languages, on a kubelet where everything runs.
func TestOwnPortsReasons(t *testing.T) {
	set, _ := findSet("pause")
	task, _ := set.Find("fix-port")
	spec, _ := set.File.Spec("fix-port")
	setup := []practice.Step{{Apply: spec.Setup}}
	for _, c := range []struct {
		steps []practice.Step
		why   string
	}{
		{setup, "port-shared"},
		{append(setup, spec.NearMiss[0].Steps...), "readiness-other"},
		{append(setup, spec.NearMiss[1].Steps...), "readiness-own"},
	} {
		r := task.Check(t.Context(), played(t, c.steps))
		if r.OK || r.Why.Key != c.why {
			t.Errorf("got %+v, want %s", r, c.why)
			continue
		}
		for _, lang := range []string{"en", "ko"} {
			if unfilled(lang, "why."+r.Why.Key, r.Why.Facts) {
				t.Errorf("%s: %s reads a fact it was not given", lang, r.Why.Key)
			}
		}
	}
}

// Loading practice leaves the lessons' texts as they were: the tasks'
// words stay on the Set, whichever loader ran first.
func TestLoadLeavesLessonsAlone(t *testing.T) {
	before := map[string]text.Text{}
	for _, l := range all.Lessons {
		before[l.Name] = cloneText(l.Text)
	}
	sets := practice.Load(all.Lessons)
	for _, l := range all.Lessons {
		if !reflect.DeepEqual(l.Text, before[l.Name]) {
			t.Errorf("lesson %s: loading practice changed its texts", l.Name)
		}
	}
	for _, set := range append(sets, pt.Sets()...) {
		for _, task := range set.Tasks {
			for _, lang := range text.Languages {
				key := practice.TextKey(task.Key)
				if _, ok := set.Lesson.Text[lang][key]; ok {
					t.Errorf("lesson %s: its %s texts hold task %s's words", set.Lesson.Name, lang, task.Key)
				}
				if set.Text(lang, key).Title == "" {
					t.Errorf("practice %s: task %s has no %s title", set.Lesson.Name, task.Key, lang)
				}
			}
		}
	}
}

func cloneText(t text.Text) text.Text {
	out := text.Text{}
	for lang, secs := range t {
		out[lang] = maps.Clone(secs)
	}
	return out
}
