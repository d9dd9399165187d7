//go:build e2e

package class_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/class"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// The class of this test; its namespaces are kpod-e2e-class-s01...
const name = "e2e-class"

// A class of three on the real cluster: each student works in their own
// namespace and nowhere else, kpod run and a practice task show in class
// status, the node lessons refuse before making anything, and class
// delete leaves nothing of the class (checked by listing).
func TestClassOnCluster(t *testing.T) {
	admin := lessontest.Client(t)
	ctx := context.Background()
	t.Setenv("KPOD_HOME", t.TempDir())
	dir := t.TempDir()
	defer lessontest.Kpod(t, "class", "delete", "--class", name)

	r := lessontest.Kpod(t, "class", "create", "--class", name, "--students", "3", "--dir", dir, "--ttl", "1h", "-o", "json")
	if r.Code != 0 {
		t.Fatalf("class create exited %d: %s", r.Code, r.Stderr)
	}
	if len(r.Records) != 3 {
		t.Fatalf("class create wrote %d records: %s", len(r.Records), r.Stdout)
	}
	kc := func(st string) string { return filepath.Join(dir, st+".kubeconfig") }
	ns := func(st string) string { return class.Namespace(name, st) }

	// kubectl auth can-i, as each student: what the lessons need at home, nothing next door.
	canI := func(st string, args ...string) bool {
		out, _ := exec.Command("kubectl", append([]string{"--kubeconfig", kc(st), "auth", "can-i"}, args...)...).Output()
		return strings.TrimSpace(string(out)) == "yes"
	}
	for _, st := range []string{"s01", "s02", "s03"} {
		other := ns("s01")
		if st == "s01" {
			other = ns("s02")
		}
		for _, want := range [][]string{{"create", "pods"}, {"create", "pods/exec"}, {"get", "pods/log"}, {"watch", "events"}, {"create", "services"}, {"update", "configmaps/" + class.Progress}} {
			if !canI(st, want...) {
				t.Errorf("%s cannot %v in their namespace", st, want)
			}
		}
		for _, never := range [][]string{{"get", "pods", "-n", other}, {"list", "pods", "-n", other}, {"create", "pods", "-n", other},
			{"delete", "configmaps", "-n", other}, {"list", "nodes"}, {"get", "nodes"}, {"list", "namespaces"}, {"create", "namespaces"},
			{"list", "pods", "-A"}, {"create", "clusterroles"}, {"update", "resourcequotas"}, {"create", "rolebindings"}} {
			if canI(st, never...) {
				t.Errorf("%s can %v", st, never)
			}
		}
	}

	// Real attempts with s01's kubeconfig.
	cfg, err := clientcmd.BuildConfigFromFlags("", kc("s01"))
	if err != nil {
		t.Fatal(err)
	}
	s01, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pod := func(privileged bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "probe-rights"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "c", Image: os.Getenv("KPOD_IMAGE_SHELL"), Command: []string{"sleep", "1"}}}}}
		if privileged {
			p.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: &privileged}
			p.Spec.HostPID = true
		}
		return p
	}
	if _, err := s01.CoreV1().Pods(ns("s02")).Create(ctx, pod(false), metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("s01 creating a Pod in s02's namespace: %v", err)
	}
	if _, err := s01.CoreV1().Pods(ns("s02")).List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("s01 listing s02's Pods: %v", err)
	}
	if _, err := s01.CoreV1().ConfigMaps(ns("s02")).Get(ctx, class.Progress, metav1.GetOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("s01 reading s02's progress: %v", err)
	}
	if _, err := s01.CoreV1().Nodes().List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("s01 listing nodes: %v", err)
	}
	if _, err := s01.CoreV1().Pods(ns("s01")).Create(ctx, pod(true), metav1.CreateOptions{}); err == nil || !strings.Contains(err.Error(), "PodSecurity") {
		t.Errorf("s01 creating a privileged Pod: %v", err)
	}
	if _, err := s01.CoreV1().Pods(ns("s01")).Create(ctx, pod(false), metav1.CreateOptions{}); err != nil {
		t.Errorf("s01 creating a plain Pod in their namespace: %v", err)
	} else {
		_ = s01.CoreV1().Pods(ns("s01")).Delete(ctx, "probe-rights", metav1.DeleteOptions{GracePeriodSeconds: new(int64)})
	}

	// A node lesson refuses in one line and makes nothing.
	before, err := admin.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: kube.KpodSelector})
	if err != nil {
		t.Fatal(err)
	}
	if r := lessontest.Kpod(t, "pause", "--kubeconfig", kc("s01")); r.Code == 0 || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 || !strings.Contains(r.Stderr, "instructor") {
		t.Errorf("kpod pause as a student: exit %d, stderr %q", r.Code, r.Stderr)
	}
	after, _ := admin.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: kube.KpodSelector})
	if len(after.Items) > len(before.Items) {
		t.Errorf("kpod pause as a student made Pods: %d before, %d after", len(before.Items), len(after.Items))
	}

	// kpod run as s01 works in s01's namespace (seen by the admin's watch).
	rec := lessontest.Record(t, admin, ns("s01"))
	if r := lessontest.Kpod(t, "run", "--kubeconfig", kc("s01"), "-o", "json", "--timeout", "3m"); r.Code != 0 {
		t.Fatalf("kpod run as s01 exited %d: %s\n%s", r.Code, r.Stderr, r.Stdout)
	}
	if len(rec.Pod("webserver")) == 0 {
		t.Error("no Pod webserver seen in s01's namespace")
	}
	// A practice task, solved with kubectl as s01, checked by kpod.
	kubectl := func(args ...string) {
		out, err := exec.Command("kubectl", append([]string{"--kubeconfig", kc("s01")}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("kubectl %v: %v\n%s", args, err, out)
		}
	}
	kubectl("run", "web", "--image="+os.Getenv("KPOD_IMAGE_WEB"), "--port=80")
	kubectl("wait", "--for=condition=Ready", "pod/web", "--timeout=2m")
	if r := lessontest.Kpod(t, "practice", "run", "web", "--check", "--kubeconfig", kc("s01")); r.Code != 0 {
		t.Fatalf("kpod practice run web --check as s01 exited %d: %s\n%s", r.Code, r.Stderr, r.Stdout)
	}

	// The instructor sees it.
	st := lessontest.Kpod(t, "class", "status", "--class", name, "-o", "json")
	if st.Code != 0 {
		t.Fatalf("class status exited %d: %s", st.Code, st.Stderr)
	}
	var rows []class.Student
	for _, line := range strings.Split(strings.TrimSpace(st.Stdout), "\n") {
		var s class.Student
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		rows = append(rows, s)
	}
	if len(rows) != 3 || rows[0].Name != "s01" || len(rows[0].Lessons) != 1 || rows[0].Lessons[0] != "run" || rows[0].Tasks != 1 || rows[0].LastActivity == nil {
		t.Errorf("class status: %s", st.Stdout)
	}
	web := false
	for _, p := range rows[0].Pods {
		web = web || p.Name == "web" && p.State == "Running"
	}
	if !web {
		t.Errorf("class status does not show s01's web Running: %+v", rows[0].Pods)
	}

	// Delete, then list: nothing of the class is left.
	if r := lessontest.Kpod(t, "class", "delete", "--class", name); r.Code != 0 {
		t.Fatalf("class delete exited %d: %s", r.Code, r.Stderr)
	}
	for _, st := range []string{"s01", "s02", "s03"} {
		waitNamespaceGone(t, admin, ns(st))
	}
	sel := metav1.ListOptions{LabelSelector: class.Selector(name)}
	nss, _ := admin.CoreV1().Namespaces().List(ctx, sel)
	crs, _ := admin.RbacV1().ClusterRoles().List(ctx, sel)
	crbs, _ := admin.RbacV1().ClusterRoleBindings().List(ctx, sel)
	if n := len(nss.Items) + len(crs.Items) + len(crbs.Items); n != 0 {
		t.Errorf("left after class delete: %d namespaces, %d clusterroles, %d clusterrolebindings", len(nss.Items), len(crs.Items), len(crbs.Items))
	}
}

// waitNamespaceGone watches a namespace until it is deleted.
func waitNamespaceGone(t *testing.T, c kubernetes.Interface, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sel := fields.OneTermEqualSelector("metadata.name", name).String()
	lw := kube.ListWatch(c, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		o.FieldSelector = sel
		return c.CoreV1().Namespaces().List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		o.FieldSelector = sel
		return c.CoreV1().Namespaces().Watch(ctx, o)
	})
	_, err := watchtools.UntilWithSync(ctx, lw, &corev1.Namespace{}, func(store cache.Store) (bool, error) {
		return len(store.List()) == 0, nil
	}, func(e watch.Event) (bool, error) { return e.Type == watch.Deleted, nil })
	if err != nil {
		t.Fatalf("namespace %s still there: %v", name, err)
	}
}
