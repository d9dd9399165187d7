package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/text"
)

// complete runs `kpod __complete args...` as the shells (and kubectl, for a
// plugin) do, and returns the candidates.
func complete(t *testing.T, app *Factory, args ...string) []string {
	t.Helper()
	r := run(t, app, context.Background(), append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, r.code, r.err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(r.out), "\n") {
		if !strings.HasPrefix(l, ":") {
			out = append(out, strings.SplitN(l, "\t", 2)[0])
		}
	}
	return out
}

func TestCompletion(t *testing.T) {
	kubeconfig := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {}}]
contexts: [{name: kind-kpod, context: {cluster: c, user: u}}, {name: class, context: {cluster: c, user: u}}]
current-context: kind-kpod
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cluster := fake.NewClientset(
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kpod"}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "default"}},
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "webserver", Namespace: "kpod"}},
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "theirs", Namespace: "default"}},
	)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{""}, "run,multipod,probe"},
		{[]string{"run", "--lang", ""}, "en,ko"},
		{[]string{"run", "-o", ""}, "json"},
		{[]string{"version", "-o", ""}, "json,yaml"},
		{[]string{"probe", "--mechanism", ""}, "http,tcp,exec"},
		{[]string{"run", "--kubeconfig", kubeconfig, "--context", ""}, "class,kind-kpod"},
		{[]string{"run", "-n", ""}, "default,kpod"},
		{[]string{"watch", ""}, "webserver"},
		{[]string{"why", ""}, "webserver"},
		{[]string{"why", "-n", "default", ""}, "theirs"},
		{[]string{"run", "--theme", ""}, "dark,light"},
		{[]string{"watch", "-n", "default", ""}, "theirs"},
	} {
		app, _, _ := newApp(nil)
		app.Clientset = func(*genericclioptions.ConfigFlags) (kubernetes.Interface, error) { return cluster, nil }
		got := strings.Join(complete(t, app, tc.args...), ",")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: got %q, want %q", tc.args, got, tc.want)
		}
	}
}

// kubectl runs kubectl_complete-kpod ARGS to complete `kubectl kpod ARGS`.
func TestCompletionPluginName(t *testing.T) {
	if got := text.Program("/usr/local/bin/kubectl_complete-kpod"); got != "kubectl kpod" {
		t.Errorf("ProgramName: %q", got)
	}
	if got := Args([]string{"/bin/kubectl_complete-kpod", "run", "--lang", ""}); strings.Join(got, " ") != "__complete run --lang " {
		t.Errorf("Args: %q", got)
	}
	if got := Args([]string{"/bin/kubectl-kpod", "run"}); strings.Join(got, " ") != "run" {
		t.Errorf("Args: %q", got)
	}
}

// A choice flag's help names as values only the choices it takes: each
// item of the list after its ": " starts with one (`--mechanism httpGet`
// is refused, so the help must not offer it).
func TestChoiceFlagsOfferOnlyTheirChoices(t *testing.T) {
	first := regexp.MustCompile(`^[A-Za-z0-9-]+`)
	for _, l := range all.Lessons {
		for _, opt := range l.Options {
			if len(opt.Choices) == 0 {
				continue
			}
			for _, lang := range text.Languages {
				usage := l.Text.Get(lang, opt.Usage).Body
				_, list, ok := strings.Cut(usage, ": ")
				if !ok {
					continue
				}
				for _, item := range regexp.MustCompile(`, (?:or )?| or `).Split(list, -1) {
					if w := first.FindString(strings.TrimSpace(item)); !slices.Contains(opt.Choices, w) {
						t.Errorf("%s --%s (%s): the help offers %q, which is no choice of %v: %q", l.Name, opt.Name, lang, w, opt.Choices, usage)
					}
				}
			}
		}
	}
}
