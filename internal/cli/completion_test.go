package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMain lets this test binary stand in for kpod: copied under the name
// kubectl-kpod, it runs kpod's Main, as the built binary would.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == pluginBinary {
		os.Exit(Main(os.Args))
	}
	os.Exit(m.Run())
}

// pluginDir is a directory holding only kubectl-kpod, a copy of this test
// binary, as krew leaves it.
func pluginDir(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(filepath.Join(dir, pluginBinary), os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// With only kubectl-kpod on PATH, `kubectl-kpod completion kubectl-plugin`
// writes kubectl_complete-kpod beside it, and kubectl then completes
// `kubectl kpod <TAB>` with kpod's commands.
func TestCompletionForKrew(t *testing.T) {
	dir := pluginDir(t)
	env := []string{"PATH=" + dir, "HOME=" + t.TempDir(), "KUBECONFIG=" + filepath.Join(t.TempDir(), "none")}
	cmd := exec.Command(filepath.Join(dir, pluginBinary), "completion", "kubectl-plugin")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kubectl-kpod completion kubectl-plugin: %v\n%s", err, out)
	}
	completer := filepath.Join(dir, pluginCompleter)
	if _, err := os.Stat(completer); err != nil {
		t.Fatalf("no %s next to %s: %v", pluginCompleter, pluginBinary, err)
	}

	// kubectl runs kubectl_complete-kpod ARGS... "" for `kubectl kpod ARGS <TAB>`.
	want := []string{"run", "probe", "watch", "why", "doctor"}
	check := func(what string, out []byte) {
		t.Helper()
		var got []string
		for _, l := range strings.Split(string(out), "\n") {
			if l != "" && !strings.HasPrefix(l, ":") {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %v lacks %q", what, got, w)
			}
		}
	}
	cmd = exec.Command(completer, "")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s \"\": %v", pluginCompleter, err)
	}
	check(pluginCompleter+` ""`, out)

	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Log("no kubectl on PATH: kubectl's own plugin completion not tried")
		return
	}
	cmd = exec.Command(kubectl, "__complete", "kpod", "")
	cmd.Env = env
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf(`kubectl __complete kpod "": %v`, err)
	}
	check(`kubectl __complete kpod ""`, out)
}

func TestCompletionPluginNeedsKubectlKpod(t *testing.T) {
	app, _, _ := newApp(nil)
	out := newOutput(app.Name, app.Streams, app.Getenv, nil)
	o := newCompletionPluginOptions(out)
	o.LookPath = func(string) (string, error) { return "", errors.New("not found") }
	err := o.Complete(nil)
	if err == nil || !strings.Contains(out.tell(err), "--dir") {
		t.Errorf("without kubectl-kpod on PATH: %v, want a line that names --dir", err)
	}

	o = newCompletionPluginOptions(out)
	o.Dir, o.GOOS = t.TempDir(), "windows"
	if err := o.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(o.Dir, pluginCompleter+".cmd"))
	if err != nil || !strings.Contains(string(data), pluginBinary+" __complete %*") {
		t.Errorf("windows: %q, %v", data, err)
	}

	r := run(t, app, context.Background(), "completion", "kubectl-plugin", "--dir", filepath.Join(t.TempDir(), "nope"))
	if r.code == 0 || strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
		t.Errorf("--dir that is not there: exit %d, %q", r.code, r.err)
	}
}
