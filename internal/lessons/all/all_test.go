package all_test

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Every lesson speaks every language, and every key it uses exists.
func TestTextsAreComplete(t *testing.T) {
	if missing := lessons.Words().Missing(); len(missing) > 0 {
		t.Errorf("engine messages: %s", strings.Join(missing, "; "))
	}
	names := map[string]bool{}
	for _, l := range all.Lessons {
		if names[l.Name] {
			t.Errorf("two lessons are called %s", l.Name)
		}
		names[l.Name] = true
		// Missing, every step with every option value, the title, the
		// intro and each option's usage, in every language.
		keys := []string{"title", "intro"}
		for _, o := range l.Options {
			keys = append(keys, o.Usage)
		}
		lessontest.Texts(t, l, keys...)
	}
}

// Lessons are listed in course order.
func TestCourseOrder(t *testing.T) {
	for i := 1; i < len(all.Lessons); i++ {
		if all.Lessons[i].Chapter < all.Lessons[i-1].Chapter {
			t.Errorf("%s (section %d) comes after %s (section %d)", all.Lessons[i].Name, all.Lessons[i].Chapter, all.Lessons[i-1].Name, all.Lessons[i-1].Chapter)
		}
	}
}

// Every lesson brings its practice tasks, and Practice lists them in the
// lessons' order.
func TestEveryLessonHasPractice(t *testing.T) {
	if len(practicetest.Sets()) != len(all.Lessons) {
		t.Fatalf("%d practice sets for %d lessons", len(practicetest.Sets()), len(all.Lessons))
	}
	for i, l := range all.Lessons {
		if set := practicetest.Sets()[i]; set.Lesson != l || len(set.Tasks) == 0 {
			t.Errorf("practice set %d: lesson %s with %d tasks, want lesson %s with some", i, set.Lesson.Name, len(set.Tasks), l.Name)
		}
	}
}

// Every manifest decodes, and every Pod in it is one the API server would take.
func TestManifestsAreValidPods(t *testing.T) {
	err := fs.WalkDir(examples.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(examples.FS, path)
		if err != nil {
			return err
		}
		objs, err := lessons.Decode(data)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if len(objs) == 0 {
			t.Errorf("%s holds no object", path)
		}
		for _, obj := range objs {
			if pod, ok := obj.(*corev1.Pod); ok {
				for _, problem := range checkPod(pod) {
					t.Errorf("%s: pod %s: %s", path, pod.Name, problem)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// An example with a misspelt field does not decode: the typo is an error,
// not a field silently left out.
func TestManifestTypoFails(t *testing.T) {
	data, err := fs.ReadFile(examples.FS, "pod-nginx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^( *)image: .*$`)
	if !line.Match(data) {
		t.Fatal("pod-nginx.yaml has no image line")
	}
	typo := line.ReplaceAll(data, []byte("$0\n${1}imagePullPolcy: Always"))
	if _, err := lessons.Decode(typo); err == nil || !strings.Contains(err.Error(), "imagePullPolcy") {
		t.Errorf("a misspelt field: got %v, want an error naming it\n%s", err, typo)
	}
	if _, err := practice.Manifests(typo); err == nil {
		t.Error("practice took a misspelt field")
	}
}

func checkPod(p *corev1.Pod) []string {
	var out []string
	out = append(out, validation.IsDNS1123Subdomain(p.Name)...)
	if len(p.Spec.Containers) == 0 {
		out = append(out, "no containers")
	}
	seen := map[string]bool{}
	for _, c := range append(append([]corev1.Container{}, p.Spec.InitContainers...), p.Spec.Containers...) {
		out = append(out, validation.IsDNS1123Label(c.Name)...)
		if seen[c.Name] {
			out = append(out, "container name "+c.Name+" used twice")
		}
		seen[c.Name] = true
		if c.Image == "" {
			out = append(out, "container "+c.Name+" has no image")
		} else if _, ok := runenv.RoleOf(c.Image); !ok {
			out = append(out, "container "+c.Name+" uses image "+c.Image+", which is no image role's default")
		}
		for _, port := range c.Ports {
			if port.ContainerPort < 1 || port.ContainerPort > 65535 {
				out = append(out, "bad port")
			}
		}
	}
	return out
}

// The dry run of every lesson, in every language, matches its golden file.
// It needs no cluster at all: the session has no clients.
func TestDryRun(t *testing.T) {
	for _, l := range all.Lessons {
		for _, lang := range text.Languages {
			t.Run(l.Name+"."+lang, func(t *testing.T) {
				out := lessontest.DryRun(t, l, lang)
				texttest.Golden(t, filepath.Join("testdata", "dryrun", l.Name+"."+lang+".golden"), out)
				if lang == "ko" && !regexp.MustCompile(`\p{Hangul}`).MatchString(out) {
					t.Error("the Korean dry run has no Korean in it")
				}
			})
		}
	}
}

// The dry run of every lesson, for every option value in every language,
// renders every text and command without a problem. (Every lesson but
// pause and static, which read a node, also runs on the fake cluster in
// its own TestContract.)
func TestEveryDryRunRenders(t *testing.T) {
	for _, l := range all.Lessons {
		t.Run(l.Name, func(t *testing.T) { lessontest.Contract(t, l, nil) })
	}
}
