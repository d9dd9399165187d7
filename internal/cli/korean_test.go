package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	authv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/initlesson"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

// Code, names and kubectl's own words that a Korean text keeps as they are.
var (
	codeSpan  = regexp.MustCompile("`[^`]*`|\"[^\"]*\"|'[^']*'")
	lowerWord = regexp.MustCompile(`^\(?[a-z]+[:.,;)]?$`)
)

// englishSentence returns the first run of three or more English words in
// s outside code and quotes, or "". Only lower-case words count: words in
// capitals (kubectl's column heads, Ready) are names, and so are words with
// digits or dashes and the items of a list ("http, tcp, exec").
func englishSentence(s string) string {
	s = codeSpan.ReplaceAllString(s, " ")
	var run []string
	for _, w := range strings.Fields(s) {
		if lowerWord.MatchString(w) && !keptWords[strings.Trim(w, "(:.,;)")] {
			run = append(run, w)
			if len(run) >= 3 && !list(run) {
				return strings.Join(run, " ")
			}
			continue
		}
		run = run[:0]
	}
	return ""
}

// list reports whether words are the items of a list: "http, tcp, exec".
func list(words []string) bool {
	for _, w := range words[:len(words)-1] {
		if !strings.HasSuffix(w, ",") {
			return false
		}
	}
	return true
}

// keptWords are names a Korean text writes in Latin letters.
var keptWords = map[string]bool{"kpod": true, "kubectl": true, "kind": true, "docker": true, "podman": true, "kubelet": true, "json": true, "sh": true}

func TestEnglishSentenceCatchesEnglish(t *testing.T) {
	for _, s := range []string{
		"✗ nodes            no node is Ready (3 nodes)",
		"error: --workers must be 0 or more, got -1",
		"클러스터: kpod leaves it alone",
	} {
		if englishSentence(s) == "" {
			t.Errorf("%q passed as Korean", s)
		}
	}
	for _, s := range []string{
		"✓ 클러스터         컨텍스트 kind-kpod, 주소 https://127.0.0.1:41234, 쿠버네티스 v1.37.0",
		"NAME                 ROLE            VERSION   READY   LESSON IMAGES",
		"`kubectl create rolebinding kpod --clusterrole=edit --user=YOU -n class1`",
	} {
		if w := englishSentence(s); w != "" {
			t.Errorf("%q: %q called English", s, w)
		}
	}
}

// requireKorean fails when out has a line with an English sentence.
// external are the words of others that kpod quotes as they are (the API
// server's, the system's).
func requireKorean(t *testing.T, what, out string, external ...string) {
	t.Helper()
	for _, e := range external {
		out = strings.ReplaceAll(out, e, "")
	}
	if strings.TrimSpace(out) == "" {
		return
	}
	if !regexp.MustCompile(`\p{Hangul}`).MatchString(out) {
		t.Errorf("%s: no Korean at all:\n%s", what, out)
		return
	}
	for _, line := range strings.Split(out, "\n") {
		if w := englishSentence(line); w != "" {
			t.Errorf("%s: English under --lang ko: %q in\n  %s", what, w, line)
		}
	}
}

func koApp(tm *testMachine, connect func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error)) *Factory {
	app, _, _ := newApp(connect)
	app.Getenv = func(k string) string {
		if k == "KPOD_LANG" {
			return "ko"
		}
		return ""
	}
	if tm != nil {
		app.Machine = tm.machine
	}
	return app
}

func TestDoctorInKorean(t *testing.T) {
	tm := newTestMachine(t, nil, kpodNodes("nginx:1.30-alpine")...)
	tm.detectErr = kind.Words().Err("err.kind.docker.down", text.Facts{"Why": "Cannot connect"})
	tm.kubectl = false
	cluster(tm.client, func(a *authv1.ResourceAttributes) bool { return a.Subresource != "exec" },
		apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", os.ErrPermission))
	r := run(t, doctorApp(t, tm), context.Background(), "doctor", "-n", "class1", "--lang", "ko")
	if r.code != 1 {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{
		"! 컨테이너 엔진    docker는 설치되어 있지만 데몬이 실행 중이 아닙니다(Cannot connect)",
		"                   해결: `kpod cluster`와 `kpod images`에만 필요합니다: `sudo systemctl start docker`로",
		"✗ 권한             class1 네임스페이스에서 할 수 없는 작업: create pods/exec",
		"! 실습 이미지      busybox:1.37 이미지는 어느 노드에도 없음. 실습을 실행하면 노드가 이미지를 가져옵니다",
		"! kubectl          PATH에 없습니다",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("doctor lacks %q:\n%s", want, r.out)
		}
	}
	if r.err != "오류: 검사 8개 중 2개를 통과하지 못했습니다. 이대로는 실습을 할 수 없습니다. ✗ 표시된 항목부터 해결하세요\n" {
		t.Errorf("stderr %q", r.err)
	}
	requireKorean(t, "doctor", r.out, "pods is forbidden: permission denied")

	nodes := kpodNodes(lessonImages...)
	tm = newTestMachine(t, nil, nodes...)
	cluster(tm.client, allowAll, nil)
	r = run(t, doctorApp(t, tm), context.Background(), "doctor", "--lang", "ko")
	if r.code != 0 || !strings.Contains(r.out, "✓ 노드             노드 3개 중 3개가 Ready (kind 클러스터 kpod, kpod가 만듦)") {
		t.Errorf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	requireKorean(t, "doctor, all good", r.out)
}

func TestDoctorWithoutClusterInKorean(t *testing.T) {
	tm := newTestMachine(t, nil)
	app := koApp(tm, func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return nil, kube.Words().Err("err.kube.hint", nil).Because(kube.Words().Err("err.kube.unreachable", text.Facts{"Context": "kind-kpod", "Server": "https://127.0.0.1:41234"}).Because(kube.Words().Err("err.kube.refused", nil)))
	})
	r := run(t, app, context.Background(), "doctor")
	want := "✗ 클러스터         컨텍스트 \"kind-kpod\"의 API 서버(https://127.0.0.1:41234)에 접속할 수 없습니다: 연결이 거부되었습니다(connection refused)\n" +
		"                   해결: `kpod cluster create`로 로컬 클러스터를 만들거나, --context로 컨텍스트를 고르세요\n" +
		"- 노드             물어볼 클러스터가 없음\n"
	if r.code != 1 || !strings.Contains(r.out, want) {
		t.Errorf("exit %d\n%s", r.code, r.out)
	}
	requireKorean(t, "doctor without a cluster", r.out+r.err)

	// A lesson says the same in one line, with the way out.
	r = run(t, koApp(tm, app.NewClients), context.Background(), "run")
	if r.err != "오류: 컨텍스트 \"kind-kpod\"의 API 서버(https://127.0.0.1:41234)에 접속할 수 없습니다: 연결이 거부되었습니다(connection refused). `kpod cluster create`로 클러스터를 만들거나, `kpod doctor`로 설정을 점검하세요\n" {
		t.Errorf("run: %q", r.err)
	}
}

func TestClusterAndImagesInKorean(t *testing.T) {
	tm := newTestMachine(t, append([]string{defaults.Image}, lessonImages...), kpodNodes(lessonImages...)...)
	r := run(t, koApp(tm, nil), context.Background(), "cluster", "create")
	if r.code != 0 || !strings.Contains(r.out, "✓ kpod 클러스터가 준비되었습니다. 노드 3개, 현재 컨텍스트: kind-kpod") ||
		!strings.Contains(r.err, "노드 3개가 Ready가 되기를 기다리는 중") {
		t.Fatalf("create: exit %d\n%s%s", r.code, r.out, r.err)
	}
	requireKorean(t, "cluster create", r.out+r.err)
	r = run(t, koApp(tm, nil), context.Background(), "cluster", "create")
	requireKorean(t, "cluster create again", r.out+r.err)

	r = run(t, koApp(tm, nil), context.Background(), "cluster", "status", "--image-shell", "busybox:1.36")
	if r.code != 0 || !strings.Contains(r.out, "클러스터 kpod · 컨텍스트 kind-kpod · docker · kpod가 만듦") || !strings.Contains(r.out, "(없음: busybox:1.36)") {
		t.Errorf("status: exit %d\n%s%s", r.code, r.out, r.err)
	}
	requireKorean(t, "cluster status", r.out+r.err)

	r = run(t, koApp(tm, nil), context.Background(), "images", "load")
	if r.code != 0 || !strings.Contains(r.out, "✓ kpod 클러스터의 모든 노드에 실습 이미지가 있습니다: nginx:1.30-alpine, busybox:1.37") ||
		!strings.Contains(r.err, "kpod-worker 노드에 이미지 2개 넣는 중") {
		t.Errorf("images load: exit %d\n%s%s", r.code, r.out, r.err)
	}
	requireKorean(t, "images load", r.out+r.err)

	r = run(t, koApp(tm, nil), context.Background(), "images", "load", "--image-web", "nginx:1.29-alpine")
	if r.code != 1 || !strings.Contains(r.err, "docker의 로컬 저장소에 없는 이미지: nginx:1.29-alpine") {
		t.Errorf("images load, missing: exit %d\n%s", r.code, r.err)
	}
	requireKorean(t, "images load, missing", r.err)

	archive := filepath.Join(t.TempDir(), "part.tar")
	os.WriteFile(archive, kindtest.Archive("nginx:1.30-alpine"), 0o644)
	r = run(t, koApp(tm, nil), context.Background(), "images", "load", "--archive", archive)
	requireKorean(t, "images load, partial archive", r.err)

	tm.provider.Add("dev", kindtest.OtherCluster("dev")...)
	for _, args := range [][]string{{"cluster", "delete", "--name", "dev"}, {"cluster", "create", "--name", "dev"}, {"images", "load", "--name", "dev"}, {"cluster", "status", "--name", "class"}} {
		r = run(t, koApp(tm, nil), context.Background(), args...)
		if r.code != 1 {
			t.Errorf("%v: exit %d", args, r.code)
		}
		requireKorean(t, strings.Join(args, " "), r.err)
	}
	r = run(t, koApp(tm, nil), context.Background(), "cluster", "delete")
	if r.code != 0 || !strings.Contains(r.out, "✓ kpod 클러스터를 삭제했습니다") || !strings.Contains(r.err, "kpod 클러스터 삭제 중") {
		t.Errorf("delete: exit %d\n%s%s", r.code, r.out, r.err)
	}
	requireKorean(t, "cluster delete", r.out+r.err)
	r = run(t, koApp(tm, nil), context.Background(), "cluster", "delete")
	requireKorean(t, "cluster delete again", r.out+r.err)

	tm.detectErr = kind.Words().Err("err.kind.noengine", nil)
	r = run(t, koApp(tm, nil), context.Background(), "cluster", "status")
	requireKorean(t, "no engine", r.err)
}

// Bad input says what is wrong in Korean, in one line (and the help
// pointer for an unknown command or flag).
func TestBadInputInKorean(t *testing.T) {
	for _, args := range [][]string{
		{"rnu"},
		{"run", "--no-such-flag"},
		{"run", "-Z"},
		{"run", "--timeout"},
		{"run", "--timeout", "-1s"},
		{"run", "--width", "10"},
		{"run", "--width", "wide"},
		{"run", "-o", "yaml"},
		{"clean", "-o", "json"},
		{"run", "--theme", "pink"},
		{"probe", "--mechanism", "grpc"},
		{"run", "--image-web", "::bad"},
		{"watch"},
		{"watch", "a", "b"},
		{"replay"},
		{"version", "extra"},
		{"examples", "x", "--dir", "d"},
		{"cluster", "create", "--workers", "-1"},
		{"cluster", "create", "--workers", "1", "--config", "x.yaml"},
		{"cluster", "create", "--name", "Bad_Name"},
		{"cluster", "create", "--wait", "0s"},
		{"cluster", "create", "--config", "/does/not/exist.yaml"},
		{"practice", "--check", "--hint"},
		{"practice", "--yes"},
		{"class", "create", "--students", "600"},
	} {
		r := run(t, koApp(newTestMachine(t, nil), nil), context.Background(), args...)
		if r.code != 1 {
			t.Errorf("%v: exit %d", args, r.code)
		}
		first, rest, _ := strings.Cut(r.err, "\n")
		if !strings.HasPrefix(first, "오류: ") {
			t.Errorf("%v: %q", args, r.err)
		}
		if args[0] != "rnu" && rest != "" && !strings.HasPrefix(rest, "사용법은 ") {
			t.Errorf("%v: more than one line: %q", args, r.err)
		}
		requireKorean(t, strings.Join(args, " "), r.err, "invalid reference format", "no such file or directory")
	}
}

// --lang counts even when a bad flag comes before it.
func TestBadFlagBeforeLang(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "--bogus", "--lang", "ko")
	if r.err != "오류: 알 수 없는 플래그: --bogus\n사용법은 'kpod run --help'로 확인하세요.\n" {
		t.Errorf("%q", r.err)
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "run", "--bogus", "--lang=ko")
	requireKorean(t, "--lang=ko after a bad flag", r.err)
}

// A lesson that cannot reach its images, or is refused by RBAC, says so in
// Korean.
func TestLessonErrorsInKorean(t *testing.T) {
	for _, err := range []error{
		kube.Explain(apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver", os.ErrPermission)),
		lessons.Words().Err("err.lesson.image", text.Facts{"Pod": "webserver", "Container": "web", "Image": "nginx:1.30-alpine", "Reason": "ErrImagePull"}),
		lessons.Words().Err("err.lesson.wait", text.Facts{"Pod": "webserver", "Cond": "Ready", "Wait": "2m0s", "Status": "Pending"}),
		nodeway.Words().Err("err.nodeway.reach", text.Facts{"NotKind": kind.Words().Err("err.kind.exec.notkind", text.Facts{"Node": "n1"})}).Because(node.Words().Err("err.node.helper", text.Facts{"Node": "n1", "Namespace": "kpod", "Why": "forbidden"})),
		kube.Words().Err("err.kube.timeout", text.Facts{"Pod": "webserver", "Wait": "2m0s"}).Because(kube.ErrTimeout),
		lessons.Words().Err("err.static.foreign", text.Facts{"File": "/etc/kubernetes/manifests/x.yaml", "Node": "n1"}),
		initlesson.Lesson.Text.Err("err.init.dns", nil),
		lessons.Words().Err("err.lesson.creating", text.Facts{"Object": "pod/webserver"}).Because(kube.Explain(apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver", os.ErrPermission))),
		lessons.Words().Err("err.lesson.namespace", text.Facts{"Namespace": "kpod"}).Because(kube.Explain(apierrors.NewForbidden(schema.GroupResource{Resource: "namespaces"}, "kpod", os.ErrPermission))),
		lessons.Words().Err("err.lesson.logs", text.Facts{"Pod": "web", "Previous": true}).Because(kube.Explain(apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver", os.ErrPermission))),
		fmt.Errorf("pod/web: %w", kube.Explain(apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "webserver", os.ErrPermission))),
		practice.Words().Err("err.practice.timeout", text.Facts{"Lesson": "run", "Wait": "1m0s"}).Because(kube.ErrTimeout),
		progressWords(t).Err("err.progress.damaged", text.Facts{"Path": "/home/s/.config/kpod/progress.json", "Why": "unexpected end of JSON input"}),
		node.Words().Err("err.node.mirror", text.Facts{"Pod": "web-n1", "Node": "n1"}),
	} {
		app := koApp(nil, func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) { return nil, err })
		r := run(t, app, context.Background(), "run")
		requireKorean(t, text.Key(err), r.err, `pods "webserver" is forbidden: permission denied`, `namespaces "kpod" is forbidden: permission denied`, "unexpected end of JSON input")
		if !strings.HasPrefix(r.err, "오류: ") || strings.Count(r.err, "\n") != 1 {
			t.Errorf("%s: not one error line: %q", text.Key(err), r.err)
		}
	}
}

// Every flag of every command has its usage in Korean under --lang ko.
func TestEveryFlagSpeaksKorean(t *testing.T) {
	app := koApp(nil, nil)
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(newCmdKpod(newInvocation(app, nil)), nil)
	if len(paths) < 25 {
		t.Fatalf("only %d commands", len(paths))
	}
	flagLine := regexp.MustCompile(`^\s+(-\S, )?--\S+`)
	for _, path := range paths {
		r := run(t, koApp(nil, nil), context.Background(), append(path, "--help")...)
		for _, line := range strings.Split(r.out, "\n") {
			if flagLine.MatchString(line) && !regexp.MustCompile(`\p{Hangul}`).MatchString(line) {
				t.Errorf("kpod %s --help: %q", strings.Join(path, " "), line)
			}
		}
		if strings.Contains(r.out, "(default ") {
			t.Errorf("kpod %s --help says (default ...)", strings.Join(path, " "))
		}
	}
}

// Every text of help/en.md and help/ko.md is some command's or flag's
// help: none is left over from a command or flag that is gone. A flag's
// key is written, quoted, where the flag is declared (addFlag).
func TestHelpHasNoDeadKeys(t *testing.T) {
	root := newCmdKpod(newInvocation(koApp(nil, nil), nil))
	used := map[string]bool{"title": true}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		used[c.Annotations[helpKey]] = true
		if c.HasExample() {
			used[c.Annotations[helpKey]+".example"] = true
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var code strings.Builder
	for _, name := range files {
		if !strings.HasSuffix(name, "_test.go") {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			code.Write(b)
		}
	}
	for lang, texts := range helpTexts {
		for key := range texts {
			if !used[key] && !strings.HasPrefix(key, "usage.") && !strings.Contains(code.String(), strconv.Quote(key)) { // usage.*: the frame of every help
				t.Errorf("help/%s.md: %q is no command's or flag's help", lang, key)
			}
		}
	}
}

// Every help key the Go code names (a flag's, where it is declared) is in
// help/en.md and help/ko.md.
func TestHelpKeysExist(t *testing.T) {
	texttest.Keys{
		Words: helpTexts,
		Calls: map[string]int{"addFlag": 4, "cobraFlag": 2, "flagUsage": 0, "describe": 1},
		Made:  map[string][]string{"completion.": {"bash", "zsh", "fish", "powershell"}}, // cobra's shells
	}.Check(t, ".")
}

// Every flag kpod declares has its usage in English and in Korean;
// kubectl's connection flags keep kubectl's words.
func TestEveryFlagHasUsage(t *testing.T) {
	app := koApp(nil, nil)
	root := newCmdKpod(newInvocation(app, nil))
	kubectl := (&helper{inv: newInvocation(app, nil)}).kubectlFlags()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if kubectl[f.Name] {
				return
			}
			if ko := f.Annotations[koUsage]; f.Usage == "" || len(ko) == 0 || ko[0] == "" {
				t.Errorf("%s --%s: usage %q, Korean %q", c.CommandPath(), f.Name, f.Usage, ko)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// A flag's help shows its value's name as one word (pflag takes the first
// `quoted` word of the usage as that name: `docker save` made
// "--archive docker save"), in both languages.
func TestFlagValueNamesAreOneWord(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(newCmdKpod(newInvocation(koApp(nil, nil), nil)), nil)
	// "  -x, --name VALUE   usage": VALUE, then two spaces or more
	flagLine := regexp.MustCompile(`^\s+(?:-\S, )?--\S+ (\S+(?: \S+)*)\s{2,}`)
	for _, lang := range []string{"en", "ko"} {
		for _, path := range paths {
			r := run(t, koApp(nil, nil), context.Background(), append(path, "--help", "--lang", lang)...)
			for _, line := range strings.Split(r.out, "\n") {
				if m := flagLine.FindStringSubmatch(line); m != nil && strings.Contains(m[1], " ") {
					t.Errorf("kpod %s --help --lang %s: %q", strings.Join(path, " "), lang, line)
				}
			}
		}
	}
}
