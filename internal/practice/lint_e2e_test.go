//go:build e2e

package practice_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/practice/practicetest"
)

// noLintNamespaces fails unless the cluster holds no scratch namespace of
// lint --cluster any more (deleted, or on their way).
func noLintNamespaces(t *testing.T) {
	t.Helper()
	c := lessontest.Client(t)
	list, err := c.CoreV1().Namespaces().List(context.Background(), metav1.ListOptions{LabelSelector: practice.LintLabel + "=true"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range list.Items {
		if ns.DeletionTimestamp == nil {
			t.Errorf("namespace %s is left behind", ns.Name)
		}
	}
}

// Every lesson's tasks.yaml passes lint --cluster: each solution holds on
// the cluster and each near-miss does not. All files at once, each file's
// tasks at once: about 60–90 s on an idle cluster (the slowest are
// probe/http, whose check waits two probe periods, and the near-misses,
// watched for their solution's time plus 15 s).
func TestLintClusterBuiltInTasks(t *testing.T) {
	for _, set := range practicetest.Sets() {
		t.Run(set.Lesson.Name, func(t *testing.T) {
			t.Parallel()
			r := lessontest.Kpod(t, "practice", "lint", "--cluster", "../lessons/"+lessontest.Dir(set.Lesson.Name)+"/tasks.yaml")
			if r.Code != 0 {
				t.Fatalf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
			}
			if n := strings.Count(r.Stdout, "✓ "); n != len(set.Tasks) {
				t.Errorf("%d tasks passed, want %d:\n%s", n, len(set.Tasks), r.Stdout)
			}
		})
	}
	t.Cleanup(func() { noLintNamespaces(t) })
}

// A file whose near-miss is not near enough (it passes the check) is
// refused, in one line naming it.
func TestLintClusterRefusesANearMissThatPasses(t *testing.T) {
	file := `tasks:
- key: loose
  check: {pod: web, conds: [ready]}
  en: {title: Web on port 80, text: "Run web, declaring port 80.", hints: [h], solution: s}
  ko: {title: 80번 포트의 web, text: "web을 실행하고 80번 포트를 선언하세요.", hints: [h], solution: s}
  solution:
  - apply: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
        - {name: web, image: '{{image "web"}}', ports: [{containerPort: 80}]}
  nearMiss:
  - differs: declares no port
    steps:
    - apply: |
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - {name: web, image: '{{image "web"}}'}
`
	path := filepath.Join(t.TempDir(), "loose.yaml")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	r := lessontest.Kpod(t, "practice", "lint", "--cluster", path)
	if r.Code != 1 || !strings.Contains(r.Stdout, "✗ loose") || !strings.Contains(r.Stdout, `"declares no port"`) {
		t.Fatalf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	noLintNamespaces(t)
}

// The instructor's file of docs/tasks.md runs with -f and --check: it
// fails on the near-miss and holds on the solution, both applied here
// with kubectl and judged first from the cluster itself.
func TestPracticeFileFromDocs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "homework.yaml")
	if err := os.WriteFile(path, []byte(DocsExample(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	ns := lessontest.Namespace + "-homework"
	kc := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("kubectl", append([]string{"-n", ns}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	exec.Command("kubectl", "create", "namespace", ns).Run()
	t.Cleanup(func() { exec.Command("kubectl", "delete", "namespace", ns, "--wait=false").Run() })
	web, shell := os.Getenv("KPOD_IMAGE_WEB"), os.Getenv("KPOD_IMAGE_SHELL")
	if web == "" {
		web = "nginx:1.30-alpine"
	}
	if shell == "" {
		shell = "busybox:1.37"
	}
	// the near-miss of front: no port
	kc("run", "front", "--image="+web)
	kc("wait", "--for=condition=Ready", "pod/front", "--timeout=2m")
	if got := kc("get", "pod", "front", "-o", "jsonpath={.spec.containers[0].ports}"); got != "" {
		t.Fatalf("front declares ports %s", got)
	}
	if r := lessontest.Kpod(t, "practice", "-f", path, "front", "--check", "-n", ns); r.Code != 1 || !strings.Contains(r.Stdout+r.Stderr, "80") {
		t.Fatalf("--check on the near-miss: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	// the solutions, as the students type them
	kc("delete", "pod", "front", "--wait=true")
	kc("run", "front", "--image="+web, "--port=80")
	kc("run", "count", "--image="+shell, "--env=COUNT=3", "--restart=Never", "--", "sh", "-c", "echo $COUNT")
	kc("wait", "--for=condition=Ready", "pod/front", "--timeout=2m")
	kc("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/count", "--timeout=2m")
	if got := strings.TrimSpace(kc("logs", "count")); got != "3" {
		t.Fatalf("count printed %q", got)
	}
	if r := lessontest.Kpod(t, "practice", "-f", path, "--check", "-n", ns); r.Code != 0 {
		t.Fatalf("--check on the solutions: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}
