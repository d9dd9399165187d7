package lessontest

import (
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/util/jsonpath"
	"k8s.io/kubectl/pkg/cmd/get"

	"github.com/kpod-dev/kpod/internal/lessons"
)

// KubectlWaitMet is whether `kubectl wait --for=FOR` (FOR as a lesson shows
// it, shell quotes and all) finds p there, by kubectl's rules
// (k8s.io/kubectl/pkg/cmd/wait, whose checks are not exported):
// condition=NAME[=VALUE] compares a status condition, case folded (VALUE
// true if left out); jsonpath=EXPR[=VALUE] needs EXPR to give one value,
// equal to VALUE if given. A test holds a Cond's Fn to it.
func KubectlWaitMet(forArg string, p *corev1.Pod) (bool, error) {
	args, err := ShellWords(forArg)
	if err != nil || len(args) != 1 {
		return false, fmt.Errorf("--for=%s is not one shell word", forArg)
	}
	obj, err := runtime.DefaultUnstructuredConverter.ToUnstructured(p)
	if err != nil {
		return false, err
	}
	switch f := args[0]; {
	case strings.HasPrefix(f, "condition="):
		name, want, ok := strings.Cut(strings.TrimPrefix(f, "condition="), "=")
		if !ok {
			want = "true"
		}
		conds, _, _ := unstructured.NestedSlice(obj, "status", "conditions")
		for _, c := range conds {
			m, _ := c.(map[string]any)
			if t, _ := m["type"].(string); strings.EqualFold(t, name) {
				s, _ := m["status"].(string)
				return strings.EqualFold(s, want), nil
			}
		}
		return false, nil
	case strings.HasPrefix(f, "jsonpath="):
		parts := splitOnSingleEquals(strings.TrimPrefix(f, "jsonpath="))
		if len(parts) < 1 || len(parts) > 2 {
			return false, fmt.Errorf("--for=%s: more than one value", f)
		}
		expr, err := get.RelaxedJSONPathExpression(parts[0])
		if err != nil {
			return false, err
		}
		j := jsonpath.New("wait").AllowMissingKeys(true)
		if err := j.Parse(expr); err != nil {
			return false, err
		}
		results, err := j.FindResults(obj)
		if err != nil || len(results) == 0 || len(results[0]) == 0 {
			return false, err
		}
		if len(results) > 1 || len(results[0]) > 1 {
			return false, fmt.Errorf("--for=%s matches more than one value", f)
		}
		if len(parts) == 1 {
			return true, nil
		}
		v := results[0][0].Interface()
		switch v.(type) {
		case map[string]any, []any:
			return false, fmt.Errorf("--for=%s leads to an object or a list", f)
		}
		return strings.TrimSpace(fmt.Sprint(v)) == strings.TrimSpace(strings.Trim(parts[1], `'"`)), nil
	}
	return false, fmt.Errorf("--for=%s: kpod's test knows condition= and jsonpath= only", forArg)
}

// splitOnSingleEquals cuts s at each single "=", as kubectl does: "==" in a
// filter does not cut.
func splitOnSingleEquals(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			if i+1 < len(s) && s[i+1] == '=' {
				b.WriteString("==")
				i++
				continue
			}
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(s[i])
	}
	return append(out, b.String())
}

// AsKubectlWaits fails t for each Pod that c.Fn and the kubectl wait c
// shows (KubectlWaitMet of c.For) do not agree on: the command on screen
// waits for what kpod waits for. An error of Fn counts as not met.
func AsKubectlWaits(t testing.TB, c lessons.Cond, pods map[string]*corev1.Pod) {
	t.Helper()
	for name, p := range pods {
		want, err := KubectlWaitMet(c.For, p)
		if err != nil {
			t.Errorf("%s: kubectl wait --for=%s: %v", name, c.For, err)
			continue
		}
		got, err := c.Fn(p)
		if got = got && err == nil; got != want {
			t.Errorf("%s: kpod's wait (%s) says %v, kubectl wait --for=%s says %v", name, c.Key, got, c.For, want)
		}
	}
}

// PodIn is a running Pod with the conditions conds (type: status) and the
// container statuses cs, for a wait's test.
func PodIn(conds map[corev1.PodConditionType]corev1.ConditionStatus, cs ...corev1.ContainerStatus) *corev1.Pod {
	p := &corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: cs}}
	for _, c := range cs {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: c.Name})
	}
	for t, s := range conds {
		p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: t, Status: s})
	}
	return p
}
