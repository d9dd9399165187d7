//go:build e2e

package torture

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	authnv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// A student without admin rights: a ServiceAccount bound to the edit
// ClusterRole in one namespace only. Namespace lessons pass; node lessons
// refuse before their first step and before making anything, in one line
// that names the missing right.
func TestNamespaceOnlyStudent(t *testing.T) {
	c := lessontest.Client(t)
	ctx := context.Background()
	ns := lessontest.Namespace + "-student"
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil && !kube.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}) })
	if _, err := c.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "student"}}, metav1.CreateOptions{}); err != nil && !kube.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "student-edit"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "edit"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "student", Namespace: ns}}}
	if _, err := c.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil && !kube.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	hour := int64(3600)
	tok, err := c.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "student", &authnv1.TokenRequest{Spec: authnv1.TokenRequestSpec{ExpirationSeconds: &hour}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kubeconfig := studentConfig(t, ns, tok.Status.Token)

	lessontest.Binary(t) // built before the clock starts
	for _, lesson := range []string{"pause", "static"} {
		for _, lang := range []string{"en", "ko"} {
			t0 := time.Now()
			r := lessontest.Kpod(t, lesson, "--kubeconfig", kubeconfig, "-n", ns, "-o", "json", "--lang", lang)
			figure(t, "student refusal "+lesson, time.Since(t0))
			count(t, "runs", 1)
			want := map[string]string{"en": "your user may not `list nodes`", "ko": "`list nodes` 권한이 없습니다"}[lang]
			if r.Code != 1 || !oneLine(r.Stderr) || !strings.Contains(r.Stderr, want) {
				t.Errorf("%s (%s): exit %d, stderr %q", lesson, lang, r.Code, r.Stderr)
			}
			if len(r.Of("step")) != 0 || len(r.Of("lesson")) != 0 {
				t.Errorf("%s (%s) began before refusing: %v", lesson, lang, r.Records)
			}
			if pods := uids(t, c, ns); len(pods) != 0 {
				t.Errorf("%s (%s) made Pods before refusing: %v", lesson, lang, pods)
			}
			if l, _ := c.CoordinationV1().Leases(ns).List(ctx, metav1.ListOptions{}); len(l.Items) != 0 {
				t.Errorf("%s (%s) left lease/%s", lesson, lang, l.Items[0].Name)
			}
		}
	}

	ran := []string{"env"}
	if all {
		ran = []string{"run", "multipod", "probe", "init", "resources", "env", "patterns"}
	}
	for _, lesson := range ran {
		r := lessontest.Kpod(t, lesson, "--kubeconfig", kubeconfig, "-n", ns, "-o", "json", "--lang", "en", "--timeout", "3m")
		count(t, "runs", 1)
		if r.Code != 0 {
			t.Errorf("%s as the student: exit %d\n%s", lesson, r.Code, r.Stderr)
		}
		nothingLeft(t, c, ns, nil, "after "+lesson+" as the student")
	}
}

// studentConfig writes a kubeconfig for the ServiceAccount's token, on
// the same API server as $KUBECONFIG.
func studentConfig(t *testing.T, ns, token string) string {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatal(err)
	}
	ca := cfg.CAData
	if len(ca) == 0 && cfg.CAFile != "" {
		if ca, err = os.ReadFile(cfg.CAFile); err != nil {
			t.Fatal(err)
		}
	}
	k := clientcmdapi.NewConfig()
	k.Clusters["c"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: ca}
	k.AuthInfos["student"] = &clientcmdapi.AuthInfo{Token: token}
	k.Contexts["student"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "student", Namespace: ns}
	k.CurrentContext = "student"
	f := filepath.Join(t.TempDir(), "student.kubeconfig")
	if err := clientcmd.WriteToFile(*k, f); err != nil {
		t.Fatal(err)
	}
	return f
}
