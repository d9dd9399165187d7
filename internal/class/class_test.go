package class

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/progress"
)

func spec(students ...string) Spec {
	return Spec{Name: "c1", Students: students, Pods: 20, TTL: 24 * time.Hour}
}

func TestValidate(t *testing.T) {
	for _, bad := range []Spec{
		{Name: "C1", Students: []string{"a"}, Pods: 1, TTL: time.Hour},
		{Name: "c1", Pods: 1, TTL: time.Hour},
		{Name: "c1", Students: []string{"a", "a"}, Pods: 1, TTL: time.Hour},
		{Name: "c1", Students: []string{"Bob Smith"}, Pods: 1, TTL: time.Hour},
		{Name: "c1", Students: []string{"a"}, Pods: 0, TTL: time.Hour},
		{Name: "c1", Students: []string{"a"}, Pods: 1, TTL: time.Minute},
		{Name: "c1", Students: []string{"a"}, Pods: 1, TTL: time.Hour, CPU: "lots"},
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v passed", bad)
		}
	}
	if err := spec(Numbered(3)...).Validate(); err != nil {
		t.Error(err)
	}
}

// Create makes each student's objects, labelled; Delete removes exactly
// those, and a namespace of the same name that is not the class's stops
// create and survives delete.
func TestCreateAndDelete(t *testing.T) {
	ctx := context.Background()
	foreign := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kpod-c1-s03"}}
	other := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a", Labels: map[string]string{ManagedBy: ManagedByValue}}}
	c := fake.NewClientset(foreign, other)
	s := spec("s01", "s02")
	s.CPU, s.Memory = "2", "2Gi"
	if err := Create(ctx, c, s); err != nil {
		t.Fatal(err)
	}
	if err := Create(ctx, c, s); err != nil {
		t.Fatalf("a second create of the same class: %v", err)
	}
	ns, err := c.CoreV1().Namespaces().Get(ctx, "kpod-c1-s01", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ns.Labels["pod-security.kubernetes.io/enforce"] != "baseline" || ns.Labels[Label] != "c1" || ns.Labels[StudentLabel] != "s01" {
		t.Errorf("namespace labels %v", ns.Labels)
	}
	for _, get := range []func() (metav1.Object, error){
		func() (metav1.Object, error) {
			return c.CoreV1().ServiceAccounts("kpod-c1-s01").Get(ctx, Account, metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.RbacV1().Roles("kpod-c1-s01").Get(ctx, Account, metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.RbacV1().RoleBindings("kpod-c1-s01").Get(ctx, Account, metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.RbacV1().ClusterRoles().Get(ctx, "kpod-c1-s01", metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.RbacV1().ClusterRoleBindings().Get(ctx, "kpod-c1-s01", metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.CoreV1().ResourceQuotas("kpod-c1-s01").Get(ctx, "kpod-class", metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.CoreV1().LimitRanges("kpod-c1-s01").Get(ctx, "kpod-class", metav1.GetOptions{})
		},
		func() (metav1.Object, error) {
			return c.CoreV1().ConfigMaps("kpod-c1-s01").Get(ctx, Progress, metav1.GetOptions{})
		},
	} {
		o, err := get()
		if err != nil {
			t.Fatal(err)
		}
		if o.GetLabels()[Label] != "c1" {
			t.Errorf("%s has labels %v", o.GetName(), o.GetLabels())
		}
	}
	q, _ := c.CoreV1().ResourceQuotas("kpod-c1-s01").Get(ctx, "kpod-class", metav1.GetOptions{})
	if got := q.Spec.Hard[corev1.ResourcePods]; got.Value() != 20 {
		t.Errorf("quota %v", q.Spec.Hard)
	}

	s3 := spec("s03")
	if err := Create(ctx, c, s3); err == nil {
		t.Error("create took over a namespace that is not the class's")
	}

	gone, err := Delete(ctx, c, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 6 {
		t.Errorf("deleted %v", gone)
	}
	nss, _ := c.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	var left []string
	for _, n := range nss.Items {
		left = append(left, n.Name)
	}
	if len(left) != 2 {
		t.Errorf("namespaces left: %v, want kpod-c1-s03 and team-a", left)
	}
}

func TestKubeconfig(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	if err := Create(ctx, c, spec("s01")); err != nil {
		t.Fatal(err)
	}
	var asked int64
	c.PrependReactor("create", "serviceaccounts", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "token" {
			return false, nil, nil
		}
		tr := a.(k8stesting.CreateAction).GetObject().(*authv1.TokenRequest)
		asked = *tr.Spec.ExpirationSeconds
		return true, &authv1.TokenRequest{Status: authv1.TokenRequestStatus{Token: "tok", ExpirationTimestamp: metav1.NewTime(time.Now().Add(time.Hour))}}, nil
	})
	kc, _, err := Kubeconfig(ctx, c, &rest.Config{Host: "https://10.0.0.1:6443", TLSClientConfig: rest.TLSClientConfig{CAData: []byte("CA")}}, "c1", "s01", 8*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if asked != 8*3600 {
		t.Errorf("asked for %ds", asked)
	}
	ctxt := kc.Contexts[kc.CurrentContext]
	if !IsClassContext(kc.CurrentContext) || ctxt.Namespace != "kpod-c1-s01" || kc.AuthInfos[ctxt.AuthInfo].Token != "tok" ||
		kc.Clusters[ctxt.Cluster].Server != "https://10.0.0.1:6443" || string(kc.Clusters[ctxt.Cluster].CertificateAuthorityData) != "CA" {
		t.Errorf("kubeconfig %+v", kc)
	}
}

// Progress goes into the class's ConfigMap only; status reads it back
// with the Pods' states.
func TestRecordAndRows(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "mine"}})
	if err := Create(ctx, c, spec("s01", "s02")); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	if found, err := Record(ctx, c, "mine", now, func(p *progress.Progress) { p.Ran("run", now) }); found || err != nil {
		t.Errorf("recorded outside a class: %v %v", found, err)
	}
	if found, err := Record(ctx, c, "kpod-c1-s01", now, func(p *progress.Progress) { p.Ran("run", now) }); !found || err != nil {
		t.Fatalf("%v %v", found, err)
	}
	_, _ = Record(ctx, c, "kpod-c1-s01", now, func(p *progress.Progress) { p.Solved("run", "web", now) })
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod-c1-s01"},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}}}
	nss, _ := c.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: Selector("c1")})
	cms, _ := c.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{LabelSelector: Selector("c1")})
	var n []*corev1.Namespace
	for i := range nss.Items {
		n = append(n, &nss.Items[i])
	}
	var m []*corev1.ConfigMap
	for i := range cms.Items {
		m = append(m, &cms.Items[i])
	}
	rows := Rows(n, m, []*corev1.Pod{pod, {ObjectMeta: metav1.ObjectMeta{Name: "x", Namespace: "mine"}}})
	if len(rows) != 2 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Name != "s01" || len(r.Lessons) != 1 || r.Tasks != 1 || len(r.Pods) != 1 || r.Pods[0].State != "Running" || r.LastActivity == nil || !r.LastActivity.Equal(now) {
		b, _ := json.Marshal(r)
		t.Errorf("row %s", b)
	}
	if rows[1].Name != "s02" || len(rows[1].Pods) != 0 || rows[1].LastActivity != nil {
		t.Errorf("row %+v", rows[1])
	}
}

// Watch gives the whole picture once, from its watches.
func TestWatchOnce(t *testing.T) {
	ctx := context.Background()
	c := fake.NewClientset()
	if err := Create(ctx, c, spec("s01")); err != nil {
		t.Fatal(err)
	}
	var got []Student
	if err := Watch(ctx, c, "c1", false, func(r []Student) error { got = r; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Namespace != "kpod-c1-s01" {
		t.Errorf("got %+v", got)
	}
}

// A student may do everything the lessons do in their namespace.
func TestRulesGrantLessonAccess(t *testing.T) {
	for _, a := range kube.LessonAccess {
		if !Grants(a) {
			t.Errorf("Rules do not grant %s", a)
		}
	}
}

// Grants says whether Rules let a student do a in their namespace. Every
// access in kube.LessonAccess must be granted.
func Grants(a kube.Access) bool {
	res := a.Resource
	if a.Subresource != "" {
		res += "/" + a.Subresource
	}
	for _, r := range Rules {
		if slices.Contains(r.APIGroups, a.Group) && slices.Contains(r.Resources, res) && slices.Contains(r.Verbs, a.Verb) {
			return true
		}
	}
	return false
}
