package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// studentKubeconfig writes a kubeconfig shaped as kpod class writes them.
func studentKubeconfig(t *testing.T, context, ns string) string {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["c"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:1"}
	kc.AuthInfos["u"] = &clientcmdapi.AuthInfo{Token: "t"}
	kc.Contexts[context] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "u", Namespace: ns}
	kc.CurrentContext = context
	p := filepath.Join(t.TempDir(), "s01.kubeconfig")
	if err := clientcmd.WriteToFile(*kc, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// With a student's kubeconfig the lessons work in its namespace; other
// kubeconfigs keep the lessons' own namespace; -n wins over both.
func TestClassNamespace(t *testing.T) {
	student := studentKubeconfig(t, "kpod-class-c1-s01", "kpod-c1-s01")
	other := studentKubeconfig(t, "dev", "team-a")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--dry-run", "--kubeconfig", student}, "-n kpod-c1-s01"},
		{[]string{"run", "--dry-run", "--kubeconfig", other}, "-n kpod\n"},
		{[]string{"run", "--dry-run", "--kubeconfig", student, "-n", "mine"}, "-n mine"},
	} {
		app := practiceApp(t, nil)
		r := run(t, app, context.Background(), tc.args...)
		if r.code != 0 || !strings.Contains(r.out, tc.want) {
			t.Errorf("%v: exit %d, want %q in:\n%s%s", tc.args, r.code, tc.want, r.out, r.err)
		}
	}
}

// The class namespace comes from the kubeconfig the environment kpod was
// given names ($KUBECONFIG, else $HOME's), never the process's own.
func TestClassNamespaceFromGivenEnv(t *testing.T) {
	student := studentKubeconfig(t, "kpod-class-c1-s01", "kpod-c1-s01")
	t.Setenv("KUBECONFIG", student)
	home := t.TempDir()
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KUBECONFIG": student}, "kpod-c1-s01"},
		{map[string]string{"KUBECONFIG": filepath.Join(home, "none") + string(filepath.ListSeparator) + student}, "kpod-c1-s01"},
		{map[string]string{"HOME": home}, ""},
		{nil, ""},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if got := classNamespace(genericclioptions.NewConfigFlags(true), getenv); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.env, got, tc.want)
		}
	}
}

// A node lesson with a student's kubeconfig refuses in one line, in the
// student's language, before contacting the cluster.
func TestClassNodeLessonRefuses(t *testing.T) {
	student := studentKubeconfig(t, "kpod-class-c1-s01", "kpod-c1-s01")
	for _, lang := range []string{"en", "ko"} {
		for _, lesson := range []string{"pause", "static"} {
			app := practiceApp(t, nil) // connecting fails the test
			r := run(t, app, context.Background(), lesson, "--kubeconfig", student, "--lang", lang)
			if r.code != 1 || strings.Count(r.err, "\n") != 1 || !strings.Contains(r.err, lesson) || r.out != "" {
				t.Errorf("%s %s: exit %d, stderr %q, stdout %q", lesson, lang, r.code, r.err, r.out)
			}
		}
	}
	// its plan still shows
	if r := run(t, practiceApp(t, nil), context.Background(), "pause", "--dry-run", "--kubeconfig", student); r.code != 0 {
		t.Errorf("dry run: exit %d: %s", r.code, r.err)
	}
}

func TestClassBadInput(t *testing.T) {
	names := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(names, []byte("ana\nAna\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"class", "create"},
		{"class", "create", "--students", "3", "--names", names},
		{"class", "create", "--names", names},
		{"class", "create", "--names", "/does/not/exist"},
		{"class", "create", "--students", "2", "--class", "Big Class"},
		{"class", "create", "--students", "2", "--ttl", "1m"},
		{"class", "create", "--students", "2", "--memory", "lots"},
		{"class", "kubeconfig"},
	} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), args...)
		if r.code != 1 || strings.Count(r.err, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
}

// A run refused before it starts leaves no --record file behind.
func TestRefusedRunMakesNoRecord(t *testing.T) {
	student := studentKubeconfig(t, "kpod-class-c1-s01", "kpod-c1-s01")
	rec := filepath.Join(t.TempDir(), "pause.json")
	r := run(t, practiceApp(t, nil), context.Background(), "pause", "--kubeconfig", student, "--record", rec)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.err)
	}
	if _, err := os.Stat(rec); !os.IsNotExist(err) {
		t.Errorf("a refused run left %s (stat: %v)", rec, err)
	}
}
