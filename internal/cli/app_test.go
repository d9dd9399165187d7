package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

type result struct {
	code     int
	out, err string
}

// newApp is kpod under test: its streams are buffers, connect (nil: no
// cluster) makes its clients.
func newApp(connect func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error)) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	if connect == nil {
		connect = func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
			return nil, errors.New("test: no cluster")
		}
	}
	return &Factory{
		Name: "kpod",
		// wide: tests look for whole lines; ui's tests check the wrapping
		Streams:    ui.Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutWidth: 400, ErrWidth: 400},
		Getenv:     func(string) string { return "" },
		Lessons:    all.Lessons,
		NewClients: connect,
	}, &out, &errOut
}

func run(t *testing.T, app *Factory, ctx context.Context, args ...string) result {
	t.Helper()
	code := app.Run(ctx, args)
	return result{code, app.Streams.Out.(*bytes.Buffer).String(), app.Streams.ErrOut.(*bytes.Buffer).String()}
}

func TestOutlineListsEveryLesson(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background())
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for i, l := range all.Lessons {
		if !strings.Contains(r.out, l.Name) {
			t.Errorf("outline lacks lesson %d %s:\n%s", i+1, l.Name, r.out)
		}
	}
	if strings.Contains(r.out, "\x1b[") {
		t.Error("colour escapes in output that is not a terminal")
	}
}

func TestDryRunNeedsNoCluster(t *testing.T) {
	app, _, _ := newApp(nil) // NewClients fails: a dry run must not call it
	r := run(t, app, context.Background(), "run", "--dry-run", "--lang", "ko", "--kubeconfig", "/does/not/exist")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.out, "드라이 런") || !strings.Contains(r.out, "kubectl run webserver") {
		t.Errorf("not a Korean dry run:\n%s", r.out)
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rnu"}, `unknown command "rnu"`},
		{[]string{"run", "--lang", "fr"}, `unknown language "fr"`},
		{[]string{"run", "-o", "yaml"}, `invalid output format "yaml"`},
		{[]string{"run", "--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"run", "--timeout", "-1s"}, "--timeout must be positive"},
		{[]string{"run", "--timeout", "soon"}, `time: invalid duration "soon" (a time takes its unit: 30s, 2m)`},
		{[]string{"run", "--timeout", "soon", "--lang", "ko"}, `--timeout 플래그에 "soon" 값을 쓸 수 없습니다. 시간은 30s, 2m처럼 단위를 붙여 쓰세요. kpod가 값을 읽지 못한 이유: time: invalid duration "soon"`},
		{[]string{"run", "-o", "yaml", "--lang", "ko"}, `"yaml" 출력 형식은 쓸 수 없습니다. 쓸 수 있는 형식은 -o json입니다. 아니면 -o를 빼세요`},
		{[]string{"run"}, "test: no cluster"},
		{[]string{"watch"}, "a POD name is required"},
		{[]string{"why"}, "a POD name is required: kpod why POD"},
		{[]string{"replay"}, "a FILE is required: kpod replay FILE"},
		{[]string{"why", "--lang", "ko"}, "파드 이름을 지정하세요"},
		{[]string{"replay", "--lang", "ko"}, "파일이 필요합니다"},
		{[]string{"help", "nosuch"}, `unknown command "nosuch" for "kpod"`},
		{[]string{"help", "run", "nosuch"}, `unknown command "nosuch" for "kpod run"`},
		{[]string{"completion", "nosh"}, `unknown command "nosh" for "kpod completion"`},
		{[]string{"examples", "pod-ngin"}, "no example called pod-ngin; did you mean pod-nginx, pod-nginx-resources?"},
		{[]string{"examples", "podenv", "--lang", "ko"}, "혹시 pod-env인가요?"},
		{[]string{"why", "web", "-n", "Bad_NS"}, "-n Bad_NS: not a namespace name"},
		{[]string{"run", "--dry-run", "-n", "kpod."}, "-n kpod.: not a namespace name"},
		{[]string{"clean", "--namespace=" + strings.Repeat("a", 64), "--lang", "ko"}, "네임스페이스 이름으로 쓸 수 없습니다"},
	} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), tc.args...)
		if r.code != 1 {
			t.Errorf("%v: exit %d, want 1", tc.args, r.code)
		}
		first, _, _ := strings.Cut(r.err, "\n")
		prefix := "error: "
		if slices.Contains(tc.args, "ko") {
			prefix = "오류: "
		}
		if !strings.HasPrefix(first, prefix) || !strings.Contains(first, tc.want) {
			t.Errorf("%v: first line %q, want an error with %q", tc.args, first, tc.want)
		}
		if strings.Contains(r.err, "goroutine ") || strings.Contains(r.err, "panic") {
			t.Errorf("%v: stack trace: %s", tc.args, r.err)
		}
	}
}

// A first argument that names no command is kpod's own error, in the
// session's language, with the commands it may mean, naming kpod as the
// user runs it; help with such a topic, or its --help, says the same.
func TestUnknownCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"kpod", []string{"foo"}, "error: unknown command \"foo\" for \"kpod\"\nSee 'kpod --help' for usage.\n"},
		{"kpod", []string{"rnu"}, "error: unknown command \"rnu\" for \"kpod\"\n\nDid you mean this?\n\trun\n\tenv\nSee 'kpod --help' for usage.\n"},
		{"kpod", []string{"foo", "--help"}, "error: unknown command \"foo\" for \"kpod\"\nSee 'kpod --help' for usage.\n"},
		{"kpod", []string{"-n", "web", "--help", "rnu"}, "error: unknown command \"rnu\" for \"kpod\"\n\nDid you mean this?\n\trun\n\tenv\nSee 'kpod --help' for usage.\n"},
		{"kpod", []string{"help", "rnu"}, "error: unknown command \"rnu\" for \"kpod\"\n\nDid you mean this?\n\trun\n\tenv\nSee 'kpod help --help' for usage.\n"},
		{"kubectl kpod", []string{"foo"}, "error: unknown command \"foo\" for \"kubectl kpod\"\nSee 'kubectl kpod --help' for usage.\n"},
		{"kubectl kpod", []string{"rnu", "--lang", "ko"}, "오류: 알 수 없는 명령: kubectl kpod rnu\n\n혹시 이 명령인가요?\n\trun\n\tenv\n사용법은 'kubectl kpod --help'로 확인하세요.\n"},
		{"kubectl kpod", []string{"rnu", "-h", "--lang", "ko"}, "오류: 알 수 없는 명령: kubectl kpod rnu\n\n혹시 이 명령인가요?\n\trun\n\tenv\n사용법은 'kubectl kpod --help'로 확인하세요.\n"},
	} {
		app, out, _ := newApp(nil)
		app.Name = tc.name
		r := run(t, app, context.Background(), tc.args...)
		if r.code != 1 || r.err != tc.want || out.Len() != 0 {
			t.Errorf("%s %v: exit %d, stdout %q, stderr\n%s\nwant\n%s", tc.name, tc.args, r.code, r.out, r.err, tc.want)
		}
	}
}

// A Factory given only its streams runs with the real defaults: kpod by
// name, every lesson, the environment, the clock.
func TestFactoryDefaults(t *testing.T) {
	var out, errOut bytes.Buffer
	f := &Factory{Streams: ui.Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}}
	if code := f.Run(context.Background(), []string{"examples", "--lang", "en"}); code != 0 || !strings.Contains(out.String(), "init-fail") {
		t.Errorf("examples: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := f.Run(context.Background(), []string{"--lang", "en"}); code != 0 || !strings.Contains(out.String(), "kpod run --dry-run") {
		t.Errorf("the outline: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// --help may come before other flags, on kpod itself and on a group, or
// after a flag's value.
func TestHelpBeforeFlags(t *testing.T) {
	for _, args := range [][]string{{"--help", "--lang", "ko"}, {"--help", "--width", "60"}, {"-n", "web", "--help"}, {"cluster", "--help", "--lang", "ko"}, {"run", "--help", "--lang", "ko"}} {
		app, _, _ := newApp(nil)
		if r := run(t, app, context.Background(), args...); r.code != 0 || r.err != "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
}

func TestUnknownCommandSuggests(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "mutlipod")
	if !strings.Contains(r.err, "multipod") {
		t.Errorf("no suggestion: %s", r.err)
	}
}

func TestPluginName(t *testing.T) {
	for arg0, want := range map[string]string{
		"/usr/local/bin/kubectl-kpod": "kubectl kpod",
		"kpod":                        "kpod",
		"./bin/kpod":                  "kpod",
	} {
		if got := text.Program(arg0); got != want {
			t.Errorf("text.Program(%q) = %q, want %q", arg0, got, want)
		}
	}
	app, _, _ := newApp(nil)
	app.Name = "kubectl kpod"
	r := run(t, app, context.Background(), "run", "--help")
	if !strings.Contains(r.out, "kubectl kpod run --dry-run") || !strings.Contains(r.out, "Usage:\n  kubectl kpod run") {
		t.Errorf("plugin help does not say kubectl kpod:\n%s", r.out)
	}
	for _, flag := range []string{"--image-web", "--step", "--keep", "--lang", "see 'kubectl kpod options'"} {
		if !strings.Contains(r.out, flag) {
			t.Errorf("help lacks %s", flag)
		}
	}
}

// kubectl's 24 connection flags are listed once, under options, not in
// every command's help; help is Korean under --lang ko.
func TestHelpFitsAndSpeaksKorean(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "--help")
	if strings.Contains(r.out, "--kubeconfig string") || strings.Contains(r.out, "--certificate-authority") {
		t.Errorf("kubectl's flags in a lesson's help:\n%s", r.out)
	}
	if n := strings.Count(r.out, "\n"); n > 40 {
		t.Errorf("lesson help is %d lines:\n%s", n, r.out)
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "options")
	for _, flag := range []string{"--kubeconfig", "--context", "--namespace", "--certificate-authority", "--request-timeout"} {
		if !strings.Contains(r.out, flag) {
			t.Errorf("options lacks %s:\n%s", flag, r.out)
		}
	}
	app, _, _ = newApp(nil)
	app.Getenv = func(k string) string { return map[string]string{"LANG": "ko_KR.UTF-8"}[k] }
	r = run(t, app, context.Background(), "--help")
	for _, want := range []string{"사용법:", "실습 (강좌 순서):", "도구:", "실시간 설명 타임라인", "kpod options"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("Korean help lacks %q:\n%s", want, r.out)
		}
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "doctor", "--help", "--lang", "ko")
	if !strings.Contains(r.out, "실습에 필요한 것을 하나씩 점검합니다") || !strings.Contains(r.out, "플래그:") {
		t.Errorf("doctor help under --lang ko:\n%s", r.out)
	}
}

func fakeConnect(c *fake.Clientset) func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
	return func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return &kube.Clients{Client: c, Context: "fake"}, nil
	}
}

// A Pod kpod did not make is never touched, and the lesson says why it stops.
func TestNameClashIsRefused(t *testing.T) {
	theirs := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "webserver", Namespace: "kpod"}}
	c := fake.NewClientset(theirs)
	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, context.Background(), "run")
	if r.code != 1 || !strings.Contains(r.err, "kpod did not make it") {
		t.Fatalf("exit %d, stderr %q", r.code, r.err)
	}
	if _, err := c.CoreV1().Pods("kpod").Get(context.Background(), "webserver", metav1.GetOptions{}); err != nil {
		t.Errorf("their Pod is gone: %v", err)
	}
}

// Ctrl-C in the middle of a lesson deletes what it made and exits 130.
func TestInterruptCleansUp(t *testing.T) {
	c := fake.NewClientset() // no kubelet: the lesson waits for ever
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := c.CoreV1().Pods("kpod").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for e := range w.ResultChan() {
			if e.Type == watch.Added {
				cancel() // as Ctrl-C does, once the first Pod exists
				return
			}
		}
	}()
	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, ctx, "run")
	if r.code != 130 {
		t.Fatalf("exit %d, want 130; stderr %q", r.code, r.err)
	}
	pods, _ := c.CoreV1().Pods("kpod").List(context.Background(), metav1.ListOptions{})
	if len(pods.Items) != 0 {
		t.Errorf("%d pods left after Ctrl-C", len(pods.Items))
	}
	if !strings.Contains(r.out, "Interrupted") {
		t.Errorf("no word about the interruption:\n%s", r.out)
	}
}

// SIGTERM (a terminal closing, `kill`, a CI runner giving up) cleans up as
// Ctrl-C does and exits 143, as shells report it.
func TestSIGTERMExits143(t *testing.T) {
	c := fake.NewClientset()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	w, err := c.CoreV1().Pods("kpod").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for e := range w.ResultChan() {
			if e.Type == watch.Added {
				cancel(interrupt{Signal: syscall.SIGTERM})
				return
			}
		}
	}()
	app, _, _ := newApp(fakeConnect(c))
	r := run(t, app, ctx, "run")
	if r.code != 143 {
		t.Fatalf("exit %d, want 143; stderr %q", r.code, r.err)
	}
	pods, _ := c.CoreV1().Pods("kpod").List(context.Background(), metav1.ListOptions{})
	if len(pods.Items) != 0 {
		t.Errorf("%d pods left after SIGTERM", len(pods.Items))
	}
}

// A second Ctrl-C stops kpod at once: it says in one line what is left
// and the command that removes it.
func TestSecondInterruptSaysWhatIsLeft(t *testing.T) {
	c := fake.NewClientset()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := c.CoreV1().Pods("kpod").Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	app, _, errOut := newApp(fakeConnect(c))
	inv := newInvocation(app, []string{"run", "--lang", "en"})
	code := make(chan int, 1)
	go func() {
		for e := range w.ResultChan() {
			if e.Type == watch.Added {
				code <- inv.abandon(os.Interrupt)
				cancel()
				return
			}
		}
	}()
	inv.execute(ctx)
	if got := <-code; got != 130 {
		t.Errorf("exit %d, want 130", got)
	}
	line := strings.SplitN(errOut.String(), "\n", 2)[0]
	for _, want := range []string{"Left in namespace kpod: pod/", "`kpod clean -n kpod`"} {
		if !strings.Contains(line, want) {
			t.Errorf("the line after a second Ctrl-C lacks %q:\n%s", want, line)
		}
	}
}

// Prose is wrapped to the terminal's width; commands and manifests, which
// are indented, are left whole to be copied.
func TestWrapsToTheWidth(t *testing.T) {
	app, _, _ := newApp(nil)
	app.Streams.OutWidth = 50
	r := run(t, app, context.Background(), "run", "--dry-run", "--lang", "ko")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	wrapped := 0
	for _, l := range strings.Split(r.out, "\n") {
		if strings.HasPrefix(l, " ") {
			continue
		}
		wrapped++
		if ui.Width(l) > 50 && !strings.Contains(l, "`") {
			t.Errorf("line wider than 50 columns: %q", l)
		}
	}
	if wrapped < 10 {
		t.Errorf("only %d prose lines:\n%s", wrapped, r.out)
	}
}

// Ctrl-C while kpod connects ends it with 130 and no error message.
func TestInterruptWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	app, _, _ := newApp(func(ctx context.Context, _ *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		cancel()
		<-ctx.Done()
		return nil, errors.New(`cannot reach the cluster of context "x" at https://x: context canceled`)
	})
	r := run(t, app, ctx, "run")
	if r.code != 130 || r.err != "" {
		t.Errorf("exit %d, stderr %q; want 130 and nothing", r.code, r.err)
	}
}

// An unknown flag points at the help of the command it was given to.
func TestUnknownFlagPointsAtItsCommand(t *testing.T) {
	app, _, _ := newApp(nil)
	app.Name = "kubectl kpod"
	r := run(t, app, context.Background(), "cluster", "create", "--wokers", "1")
	if !strings.Contains(r.err, "See 'kubectl kpod cluster create --help'") {
		t.Errorf("stderr %q", r.err)
	}
}

// failingWriter is stdout on a full disk: each write fails with an error
// of its own, as os.File's do.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// A command whose output cannot be written fails, in one line.
func TestFailedWriteFails(t *testing.T) {
	for _, args := range [][]string{{"examples"}, {"examples", "pod-env"}, {"run", "--dry-run"}, {}, {"version"}} {
		var errOut bytes.Buffer
		app, _, _ := newApp(nil)
		app.Streams.Out, app.Streams.ErrOut = failingWriter{}, &errOut
		code := app.Run(context.Background(), args)
		if code != 1 || errOut.String() != "error: could not write the output: write /dev/stdout: no space left on device\n" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// A --record file that cannot be written whole (a full disk) fails the
// run, in one line in the student's language, with a code of its own.
func TestFailedRecordFails(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full to stand for a full disk:", err)
	}
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "run", "--dry-run", "--record", "/dev/full")
	if r.code != 1 || r.err != "error: could not write the whole recording (--record): write /dev/full: no space left on device\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.err)
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "run", "--dry-run", "--record", "/dev/full", "-o", "json", "--lang", "ko")
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	var rec struct{ Code, Error string }
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rec); err != nil || r.code != 1 || rec.Code != "err.cli.record" || !strings.Contains(rec.Error, "기록 파일을 끝까지 쓰지 못했습니다") {
		t.Errorf("-o json --lang ko: exit %d, %v, last record %+v; stderr %q", r.code, err, rec, r.err)
	}
}

// A bad command line, whoever found it (pflag, cobra, kpod's own Args),
// is one message key, which is also its JSON error code.
func TestBadCommandLineKeys(t *testing.T) {
	for _, tc := range []struct {
		args []string
		key  string
	}{
		{[]string{"rnu"}, "err.cli.didyoumean"},
		{[]string{"zzzzzz"}, "err.cli.unknowncommand"},
		{[]string{"help", "nosuch"}, "err.cli.unknowncommand"},
		{[]string{"completion", "nosh"}, "err.cli.unknowncommand"},
		{[]string{"doctor", "extra"}, "err.cli.noargs"},
		{[]string{"run", "extra"}, "err.cli.noargs"},
		{[]string{"cluster", "foo"}, "err.cli.unknowncommand"},
		{[]string{"images", "foo"}, "err.cli.unknowncommand"},
		{[]string{"class", "foo"}, "err.cli.unknowncommand"},
		{[]string{"examples", "a", "b"}, "err.cli.argsmax"},
		{[]string{"run", "--no-such-flag"}, "err.cli.unknownflag"},
		{[]string{"run", "-Z"}, "err.cli.unknownshorthand"},
		{[]string{"run", "--timeout"}, "err.cli.needsarg"},
		{[]string{"run", "--timeout", "soon"}, "err.cli.badvalue"},
	} {
		app, _, _ := newApp(nil)
		root := newCmdKpod(newInvocation(app, nil))
		root.SetArgs(tc.args)
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		err := typed(root.ExecuteContext(context.Background()))
		if got := report.ErrorCode(err); got != tc.key {
			t.Errorf("%v: %v, code %s, want %s", tc.args, err, got, tc.key)
		}
	}
}

// A command of subcommands alone prints its help and succeeds; with an
// argument that names none of them it fails (cobra would print the help
// and succeed).
func TestGroupAloneAndWithUnknown(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "cluster")
	if r.code != 0 || !strings.Contains(r.out, "  create") || strings.Contains(r.out, "kpod cluster [flags]") || r.err != "" {
		t.Errorf("kpod cluster: %d %q %q", r.code, r.out, r.err)
	}
	app, _, _ = newApp(nil)
	r = run(t, app, context.Background(), "cluster", "foo")
	if r.code == 0 || !strings.Contains(r.err, `unknown command "foo" for "kpod cluster"`) || r.out != "" {
		t.Errorf("kpod cluster foo: %d %q %q", r.code, r.out, r.err)
	}
}
