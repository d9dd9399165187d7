// Package class sets up a class on one cluster: a namespace per student
// with just enough rights for the namespace-scoped lessons and practice
// tasks, a kubeconfig per student, and the students' progress, kept in
// their own namespaces, for the instructor's live view.
package class

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/retry"

	"github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/text"
)

// Labels and names of what a class makes.
const (
	ManagedBy      = "app.kubernetes.io/managed-by"
	ManagedByValue = "kpod"
	Label          = "kpod.dev/class"   // the class's name
	StudentLabel   = "kpod.dev/student" // the student's name
	Account        = "kpod-student"     // ServiceAccount, Role and RoleBinding in each namespace
	Progress       = "kpod-progress"    // the ConfigMap kpod writes the student's progress to
	ProgressKey    = "progress.json"
	ActivityKey    = "lastActivity"
	// ContextPrefix starts the name of every student kubeconfig's context:
	// kpod knows a class kubeconfig by it and works in its namespace.
	ContextPrefix = "kpod-class-"
)

// Spec is a class to make.
type Spec struct {
	Name     string
	Students []string
	Pods     int    // ResourceQuota: Pods per student
	CPU      string // ResourceQuota requests.cpu, "" for none
	Memory   string // ResourceQuota requests.memory, "" for none
	TTL      time.Duration
}

var dns = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// Validate checks a class without contacting the cluster.
func (s Spec) Validate() error {
	if !dns.MatchString(s.Name) || len(s.Name) > 30 {
		return words.Err("err.class.name", text.Facts{"Name": s.Name})
	}
	if len(s.Students) == 0 {
		return words.Err("err.class.nostudents", nil)
	}
	seen := map[string]bool{}
	for _, st := range s.Students {
		if !dns.MatchString(st) || len(Namespace(s.Name, st)) > 63 {
			return words.Err("err.class.student", text.Facts{"Name": st, "Namespace": Namespace(s.Name, st)})
		}
		if seen[st] {
			return words.Err("err.class.twice", text.Facts{"Name": st})
		}
		seen[st] = true
	}
	for _, q := range []string{s.CPU, s.Memory} {
		if q == "" {
			continue
		}
		if _, err := resource.ParseQuantity(q); err != nil {
			return words.Err("err.class.quota", text.Facts{"Got": q, "Why": err.Error()})
		}
	}
	if s.Pods < 1 {
		return words.Err("err.class.pods", text.Facts{"Got": s.Pods})
	}
	if s.TTL < 10*time.Minute {
		return words.Err("err.class.ttl", text.Facts{"Got": s.TTL})
	}
	return nil
}

// Numbered is n students s01, s02...
func Numbered(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("s%02d", i))
	}
	return out
}

// Namespace is a student's namespace.
func Namespace(class, student string) string { return "kpod-" + class + "-" + student }

func labels(class, student string) map[string]string {
	return map[string]string{ManagedBy: ManagedByValue, Label: class, StudentLabel: student}
}

// Selector matches everything of a class.
func Selector(class string) string { return Label + "=" + class }

// Rules are what a student may do in their own namespace: what the
// namespace-scoped lessons and the practice tasks do, and nothing else.
var Rules = []rbacv1.PolicyRule{
	{APIGroups: []string{""}, Resources: []string{"pods", "services", "configmaps", "secrets", "endpoints", "persistentvolumeclaims"},
		Verbs: []string{"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"}},
	{APIGroups: []string{""}, Resources: []string{"pods/log", "pods/status"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{""}, Resources: []string{"pods/exec", "pods/attach", "pods/portforward"}, Verbs: []string{"get", "create"}},
	{APIGroups: []string{""}, Resources: []string{"pods/ephemeralcontainers"}, Verbs: []string{"get", "patch", "update"}},
	{APIGroups: []string{""}, Resources: []string{"events", "resourcequotas", "limitranges", "serviceaccounts"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"events.k8s.io"}, Resources: []string{"events"}, Verbs: []string{"get", "list", "watch"}},
	{APIGroups: []string{"discovery.k8s.io"}, Resources: []string{"endpointslices"}, Verbs: []string{"get", "list", "watch"}},
	// kpod's run lock: one run of a lesson at a time in the namespace.
	{APIGroups: []string{"coordination.k8s.io"}, Resources: []string{"leases"}, Verbs: []string{"get", "list", "watch", "create", "update", "delete"}},
	{APIGroups: []string{"apps"}, Resources: []string{"deployments", "replicasets"},
		Verbs: []string{"get", "list", "watch", "create", "update", "patch", "delete"}},
}

// Create makes the class, one student after another; what exists from an
// earlier create of the same class is kept. It returns the namespaces.
func Create(ctx context.Context, c kubernetes.Interface, s Spec) error {
	for _, st := range s.Students {
		if err := createStudent(ctx, c, s, st); err != nil {
			return words.Err("err.class.create", text.Facts{"Name": st}).Because(err)
		}
	}
	return nil
}

func createStudent(ctx context.Context, c kubernetes.Interface, s Spec, st string) error {
	ns := Namespace(s.Name, st)
	l := labels(s.Name, st)
	meta := func(name string) metav1.ObjectMeta { return metav1.ObjectMeta{Name: name, Namespace: ns, Labels: l} }
	nsLabels := map[string]string{
		"pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "latest",
		"pod-security.kubernetes.io/warn": "baseline", "pod-security.kubernetes.io/warn-version": "latest",
	}
	for k, v := range l {
		nsLabels[k] = v
	}
	if old, err := c.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err == nil {
		if old.Labels[Label] != s.Name {
			return words.Err("err.class.foreign", text.Facts{"Namespace": ns})
		}
	} else if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: nsLabels}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	quota := corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(int64(s.Pods), resource.DecimalSI)}
	var ranges []corev1.LimitRangeItem
	if s.CPU != "" {
		quota[corev1.ResourceRequestsCPU] = resource.MustParse(s.CPU)
		ranges = append(ranges, corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, DefaultRequest: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("50m")}})
	}
	if s.Memory != "" {
		quota[corev1.ResourceRequestsMemory] = resource.MustParse(s.Memory)
		item := corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, DefaultRequest: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("32Mi")}}
		if len(ranges) > 0 {
			ranges[0].DefaultRequest[corev1.ResourceMemory] = item.DefaultRequest[corev1.ResourceMemory]
		} else {
			ranges = append(ranges, item)
		}
	}
	steps := []func() error{
		func() error {
			_, err := c.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: meta(Account)}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := c.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{ObjectMeta: meta(Account), Rules: Rules}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := c.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{ObjectMeta: meta(Account),
				RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: Account},
				Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: Account, Namespace: ns}}}, metav1.CreateOptions{})
			return err
		},
		// Their own Namespace object, by name only: kpod practice watches it.
		func() error {
			_, err := c.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: l},
				Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"namespaces"}, ResourceNames: []string{ns}, Verbs: []string{"get", "list", "watch"}}}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := c.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: l},
				RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: ns},
				Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: Account, Namespace: ns}}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := c.CoreV1().ResourceQuotas(ns).Create(ctx, &corev1.ResourceQuota{ObjectMeta: meta("kpod-class"), Spec: corev1.ResourceQuotaSpec{Hard: quota}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			if len(ranges) == 0 {
				return nil
			}
			_, err := c.CoreV1().LimitRanges(ns).Create(ctx, &corev1.LimitRange{ObjectMeta: meta("kpod-class"), Spec: corev1.LimitRangeSpec{Limits: ranges}}, metav1.CreateOptions{})
			return err
		},
		// No managed-by label: kpod clean must not take the progress away.
		func() error {
			cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: Progress, Namespace: ns, Labels: map[string]string{Label: s.Name, StudentLabel: st}},
				Data: map[string]string{ProgressKey: "{}"}}
			_, err := c.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return nil
}

// Kubeconfig asks the TokenRequest API for a token of the student's
// ServiceAccount and returns a kubeconfig for the cluster of cfg with it,
// its context in the student's namespace.
func Kubeconfig(ctx context.Context, c kubernetes.Interface, cfg *rest.Config, class, student string, ttl time.Duration) (*clientcmdapi.Config, time.Time, error) {
	ns := Namespace(class, student)
	secs := int64(ttl.Seconds())
	tr, err := c.CoreV1().ServiceAccounts(ns).CreateToken(ctx, Account, &authv1.TokenRequest{Spec: authv1.TokenRequestSpec{ExpirationSeconds: &secs}}, metav1.CreateOptions{})
	if err != nil {
		return nil, time.Time{}, err
	}
	ca := cfg.CAData
	if len(ca) == 0 && cfg.CAFile != "" {
		if err := rest.LoadTLSFiles(cfg); err != nil {
			return nil, time.Time{}, err
		}
		ca = cfg.CAData
	}
	name := ContextPrefix + class + "-" + student
	kc := clientcmdapi.NewConfig()
	kc.Clusters[name] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: ca, TLSServerName: cfg.ServerName, InsecureSkipTLSVerify: cfg.Insecure}
	kc.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: tr.Status.Token}
	kc.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name, Namespace: ns}
	kc.CurrentContext = name
	return kc, tr.Status.ExpirationTimestamp.Time, nil
}

// Delete removes the class: its namespaces (with all in them) and its
// cluster-wide objects, each one only if it carries the class's label.
// It returns what it deleted.
func Delete(ctx context.Context, c kubernetes.Interface, class string) ([]string, error) {
	sel := metav1.ListOptions{LabelSelector: Selector(class) + "," + ManagedBy + "=" + ManagedByValue}
	var gone []string
	var errs []error
	crbs, err := c.RbacV1().ClusterRoleBindings().List(ctx, sel)
	if err != nil {
		return nil, err
	}
	for _, o := range crbs.Items {
		errs = append(errs, ignoreNotFound(c.RbacV1().ClusterRoleBindings().Delete(ctx, o.Name, metav1.DeleteOptions{})))
		gone = append(gone, "clusterrolebinding/"+o.Name)
	}
	crs, err := c.RbacV1().ClusterRoles().List(ctx, sel)
	if err != nil {
		return nil, err
	}
	for _, o := range crs.Items {
		errs = append(errs, ignoreNotFound(c.RbacV1().ClusterRoles().Delete(ctx, o.Name, metav1.DeleteOptions{})))
		gone = append(gone, "clusterrole/"+o.Name)
	}
	nss, err := c.CoreV1().Namespaces().List(ctx, sel)
	if err != nil {
		return nil, err
	}
	for _, o := range nss.Items {
		errs = append(errs, ignoreNotFound(c.CoreV1().Namespaces().Delete(ctx, o.Name, metav1.DeleteOptions{})))
		gone = append(gone, "namespace/"+o.Name)
	}
	return gone, errors.Join(errs...)
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// Record writes a change of the student's progress into the ConfigMap the
// class made in their namespace. It does nothing (and says false) where
// there is no such ConfigMap: kpod writes only to what the class made.
func Record(ctx context.Context, c kubernetes.Interface, ns string, now time.Time, change func(*progress.Progress)) (bool, error) {
	found := false
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cm, err := c.CoreV1().ConfigMaps(ns).Get(ctx, Progress, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if cm.Labels[Label] == "" {
			return nil // not the class's
		}
		found = true
		p, err := progress.Parse([]byte(cm.Data[ProgressKey]))
		if err != nil {
			p, _ = progress.Parse(nil)
		}
		change(p)
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if cm.Data == nil {
			cm.Data = map[string]string{}
		}
		cm.Data[ProgressKey] = string(data)
		cm.Data[ActivityKey] = now.UTC().Format(time.RFC3339)
		_, err = c.CoreV1().ConfigMaps(ns).Update(ctx, cm, metav1.UpdateOptions{})
		return err
	})
	if apierrors.IsNotFound(err) || apierrors.IsForbidden(err) {
		return false, nil
	}
	return found, err
}

// IsClassContext reports whether a kubeconfig context is a student's.
func IsClassContext(name string) bool { return strings.HasPrefix(name, ContextPrefix) }
