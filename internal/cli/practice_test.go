package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
)

func practiceApp(t *testing.T, clients *kube.Clients) *Factory {
	home := t.TempDir()
	app, _, _ := newApp(func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		if clients == nil {
			t.Fatal("connected to a cluster")
		}
		return clients, nil
	})
	app.Getenv = func(k string) string {
		if k == "KPOD_HOME" {
			return home
		}
		return ""
	}
	return app
}

func TestPracticeDryRunNeedsNoCluster(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		r := run(t, practiceApp(t, nil), context.Background(), "practice", "probe", "--dry-run", "--lang", lang)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		for _, task := range pt.Sets()[2].Tasks {
			title := pt.Sets()[2].Text(lang, practice.TextKey(task.Key)).Title
			if !strings.Contains(r.out, title) {
				t.Errorf("%s: no task %q in\n%s", lang, title, r.out)
			}
		}
		// the drill's broken Pod, as kpod would make it
		if !strings.Contains(r.out, "# fix-probe-setup.yaml") || !strings.Contains(r.out, "port: 8080") {
			t.Errorf("%s: no setup of fix-probe in\n%s", lang, r.out)
		}
	}
}

// A damaged progress file does not stop a dry run; what needs the record
// says in one line which file it is and how to start afresh.
func TestPracticeWithDamagedProgress(t *testing.T) {
	app := practiceApp(t, nil)
	path := filepath.Join(app.Getenv("KPOD_HOME"), "progress.json")
	if err := os.WriteFile(path, []byte("{bad"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, app, context.Background(), "practice", "run", "--dry-run"); r.code != 0 {
		t.Errorf("practice --dry-run: exit %d: %s", r.code, r.err)
	}
	for _, args := range [][]string{{"practice", "run", "--hint"}, {"progress"}} {
		app := practiceApp(t, nil)
		path := filepath.Join(app.Getenv("KPOD_HOME"), "progress.json")
		if err := os.WriteFile(path, []byte("{bad"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := run(t, app, context.Background(), args...)
		if r.code != 1 || strings.Count(r.err, "\n") != 1 || !strings.Contains(r.err, path) || !strings.Contains(r.err, "move it away") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
}

func TestPracticeBadInputIsOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"practice", "nope"}, "unknown lesson nope: choose one of run, multipod"},
		{[]string{"practice", "run", "nope"}, "lesson run has no task nope: choose one of web, reach"},
		{[]string{"practice", "run", "--check", "--hint"}, "one at a time"},
		{[]string{"practice", "run", "--yes"}, "--yes goes with --reset"},
	} {
		r := run(t, practiceApp(t, nil), context.Background(), tc.args...)
		if r.code != 1 || !strings.Contains(r.err, tc.want) || strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, r.code, r.err, tc.want)
		}
	}
}

// Practice's refusals keep their code in -o json, in every language: each
// is an error of the command line's words, not a string.
func TestPracticeErrorsKeepTheirCode(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("tasks: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code string
	}{
		{[]string{"practice", "nope"}, "err.cli.practice.lesson"},
		{[]string{"practice", "run", "nope"}, "err.cli.practice.task"},
		{[]string{"practice", "-f", bad}, "err.cli.practice.file"},
		{[]string{"practice", "-f", bad, "a", "b"}, "err.cli.practice.args"},
	} {
		for _, lang := range []string{"en", "ko"} {
			args := append(tc.args, "-o", "json", "--lang", lang)
			r := run(t, practiceApp(t, nil), context.Background(), args...)
			var rec struct{ Code, Error string }
			lines := strings.Split(strings.TrimSpace(r.out), "\n")
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rec); err != nil || r.code != 1 {
				t.Errorf("%v: exit %d, %v: %q", args, r.code, err, r.out)
				continue
			}
			if rec.Code != tc.code || rec.Error == "" || rec.Error == tc.code {
				t.Errorf("%v: code %q, error %q, want code %s and its text", args, rec.Code, rec.Error, tc.code)
			}
		}
	}
}

// --check exits 1 until the tasks hold, then 0, and progress shows ✓.
func TestPracticeCheckAndProgress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := practiceApp(t, clients)
	if r := run(t, app, ctx, "practice", "run", "web", "--check"); r.code != 1 || !strings.Contains(r.out, "There is no Pod called web yet") {
		t.Fatalf("empty namespace: exit %d\n%s%s", r.code, r.out, r.err)
	}
	set, _ := findSet(pt.Sets(), "run")
	w := pt.World(nil, nil)
	pods, _, err := pt.Objects(pt.Solution(set, "web", w))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CoreV1().Pods(pt.Namespace).Create(ctx, pt.Run(pods[0], 0), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	app.Streams.Out.(interface{ Reset() }).Reset()
	r := run(t, app, ctx, "practice", "run", "web", "--check", "-o", "json")
	if r.code != 0 {
		t.Fatalf("solved: exit %d\n%s%s", r.code, r.out, r.err)
	}
	var check map[string]any
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		if m["type"] == "check" {
			check = m
		}
	}
	if check["ok"] != true || check["task"] != "web" || check["pod"] != "web" {
		t.Errorf("check record: %v", check)
	}
	app.Streams.Out.(interface{ Reset() }).Reset()
	r = run(t, app, ctx, "progress", "--lang", "ko")
	if r.code != 0 || !strings.Contains(r.out, "✓ web") || !strings.Contains(r.out, "· reach") || !regexp.MustCompile(`과제 [0-9]+개 중 1개를 풀었습니다`).MatchString(r.out) {
		t.Errorf("progress: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// The practice sets come from the Factory's lessons: a test that injects
// one lesson practises that lesson alone.
func TestPracticeFollowsTheLessons(t *testing.T) {
	app, _, _ := newApp(nil)
	app.Lessons = []*lessons.Lesson{all.Lessons[2]}
	got := complete(t, app, "practice", "")
	if !slices.Equal(got, []string{"lint", all.Lessons[2].Name}) {
		t.Errorf("practice offers %v, want lint and %s", got, all.Lessons[2].Name)
	}
}
