//go:build e2e

package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// kubectlComplete runs `kubectl __complete kpod args...` with kpod
// installed as a plugin (kubectl-kpod and kubectl_complete-kpod on PATH),
// as a shell does on `kubectl kpod <TAB>`.
func kubectlComplete(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("kubectl", append([]string{"__complete", "kpod"}, args...)...)
	cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubectl __complete kpod %v: %v", args, err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" && !strings.HasPrefix(l, ":") {
			got = append(got, strings.SplitN(l, "\t", 2)[0])
		}
	}
	sort.Strings(got)
	return got
}

func TestKubectlCompletesKpod(t *testing.T) {
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Fatal("kubectl is not on PATH: eval \"$(scripts/e2e-cluster env)\"")
	}
	bin := lessontest.Binary(t)
	dir := t.TempDir()
	for _, name := range []string{"kubectl-kpod", "kubectl_complete-kpod"} {
		if err := os.Symlink(bin, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	has := func(args []string, want ...string) {
		t.Helper()
		got := kubectlComplete(t, dir, args...)
		for _, w := range want {
			if !contains(got, w) {
				t.Errorf("kubectl kpod %v<TAB>: %v lacks %q", args, got, w)
			}
		}
	}
	has([]string{""}, "run", "probe", "watch", "doctor")
	has([]string{"run", "--"}, "--dry-run", "--lang", "--context")
	has([]string{"run", "--lang", ""}, "en", "ko")
	has([]string{"version", "-o", ""}, "json", "yaml")
	has([]string{"probe", "--mechanism", ""}, "http", "tcp", "exec")
	has([]string{"patterns", "--pattern", ""}, "sidecar", "adapter", "ambassador")

	// Values from the cluster, compared with what the cluster says.
	c := lessontest.Client(t)
	ctx := context.Background()
	nss, err := c.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range nss.Items {
		names = append(names, n.Name)
	}
	has([]string{"doctor", "-n", ""}, names...)
	for _, n := range nss.Items {
		pods, err := c.CoreV1().Pods(n.Name).List(ctx, metav1.ListOptions{})
		if err != nil || len(pods.Items) == 0 {
			continue
		}
		var want []string
		for _, p := range pods.Items {
			want = append(want, p.Name)
		}
		has([]string{"watch", "-n", n.Name, ""}, want...)
		return
	}
	t.Log("no Pod in any namespace: watch POD completion not tried")
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
