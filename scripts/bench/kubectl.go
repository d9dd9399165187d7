package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kpod-dev/kpod/internal/kube"
)

// responseRe matches the line kubectl -v=6 logs for each API response, in
// the structured form (v1.30 on) and the older plain one.
var responseRe = regexp.MustCompile(`\] "Response" verb="(\w+)" url="([^"]+)"|\] (GET|POST|PUT|PATCH|DELETE) (https?://\S+) \d{3}`)

// countV6 counts the API requests in kubectl -v=6's log, by verb.
func countV6(log []byte) map[string]int {
	out := map[string]int{}
	for _, m := range responseRe.FindAllStringSubmatch(string(log), -1) {
		method, raw := m[1], m[2]
		if method == "" {
			method, raw = m[3], m[4]
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		out[kube.Verb(method, u)]++
	}
	return out
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// formOf sorts a kubectl command a lesson shows into a form whose request
// cost the bench measures once, and says how many times the form counts
// (`kubectl get pods a b c` is three gets). "" is a form it does not know.
func formOf(cmd string) (string, int) {
	cmd, _, _ = strings.Cut(cmd, " | ")
	f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(cmd), "kubectl "))
	if len(f) == 0 {
		return "", 0
	}
	// the names after the resource, before the first flag
	names := func(from int) int {
		n := 0
		for _, a := range f[from:] {
			if strings.HasPrefix(a, "-") {
				break
			}
			n++
		}
		return n
	}
	node := len(f) > 1 && (f[1] == "node" || f[1] == "nodes" || strings.HasPrefix(f[1], "node/"))
	switch f[0] {
	case "run":
		if strings.Contains(cmd, "--rm") {
			return "run --rm -i", 1
		}
		return "run", 1
	case "create", "apply":
		return "create -f", 1
	case "get":
		if node {
			return "get nodes", 1
		}
		if len(f) > 1 && strings.Contains(f[1], "/") {
			return "get", 1
		}
		if n := names(2); n > 0 {
			return "get", n
		}
		return "get pods", 1
	case "describe":
		if node {
			return "describe node", 1
		}
		return "describe", 1
	case "logs":
		if slices.Contains(f, "-f") {
			return "logs -f", 1
		}
		return "logs", 1
	case "exec", "wait", "patch":
		return f[0], 1
	case "debug":
		if node {
			return "debug node", 1
		}
	case "delete":
		return "delete --now", 1
	}
	return "", 0
}

// kubectlCosts runs one command of each form with -v=6 against scratch
// objects in the bench's namespace and counts its requests. kubectl's
// discovery cache is warmed first, as it is after a student's first command.
func kubectlCosts(ctx context.Context, c config, env *clusterEnv) (map[string]map[string]int, error) {
	ns := env.namespace
	pods := env.client.CoreV1().Pods(ns)
	zero := int64(0)
	labels := map[string]string{"app.kubernetes.io/managed-by": "kpod-bench"}
	web := os.Getenv("KPOD_IMAGE_WEB")
	if web == "" {
		web = "nginx:1.30-alpine"
	}
	ref := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "bench-ref", Labels: labels},
		Spec: corev1.PodSpec{TerminationGracePeriodSeconds: &zero, Containers: []corev1.Container{{Name: "web", Image: web, ImagePullPolicy: corev1.PullIfNotPresent}}}}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "bench-ref", Labels: labels}, Data: map[string]string{"k": "v"}}
	names := []string{"bench-ref", "bench-k1", "bench-k2", "bench-k3", "bench-k4"}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		_ = env.client.CoreV1().ConfigMaps(ns).Delete(dctx, cm.Name, metav1.DeleteOptions{})
		for _, n := range names {
			_ = pods.Delete(dctx, n, metav1.DeleteOptions{GracePeriodSeconds: &zero})
		}
		for _, n := range names {
			waitGone(dctx, env, n)
		}
	}()
	if _, err := pods.Create(ctx, ref, metav1.CreateOptions{}); err != nil {
		return nil, fmt.Errorf("creating pod/bench-ref: %v", err)
	}
	if _, err := env.client.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		return nil, fmt.Errorf("creating configmap/bench-ref: %v", err)
	}
	if err := waitReady(ctx, env, "bench-ref"); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kpod-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	manifest := filepath.Join(dir, "pod.yaml")
	yaml := fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bench-k1\n  labels:\n    app.kubernetes.io/managed-by: kpod-bench\nspec:\n  containers:\n  - name: web\n    image: %s\n", web)
	if err := os.WriteFile(manifest, []byte(yaml), 0o644); err != nil {
		return nil, err
	}
	_ = measure(ctx, nil, c.kubectl, "api-resources") // warm the discovery cache
	forms := []struct {
		form string
		args []string
	}{
		{"get", []string{"get", "pod", "bench-ref"}},
		{"get pods", []string{"get", "pods"}},
		{"get nodes", []string{"get", "nodes"}},
		{"describe", []string{"describe", "pod", "bench-ref"}},
		{"describe node", []string{"describe", "node", env.node}},
		{"logs", []string{"logs", "bench-ref"}},
		{"exec", []string{"exec", "bench-ref", "--", "true"}},
		{"wait", []string{"wait", "--for=condition=Ready", "pod/bench-ref"}},
		{"patch", []string{"patch", "configmap", "bench-ref", "-p", `{"data":{"k":"w"}}`}},
		{"create -f", []string{"create", "-f", manifest}},
		{"delete --now", []string{"delete", "pod", "bench-k1", "--now"}},
		{"run", []string{"run", "bench-k2", "--image=" + web, "--port=80", "--labels=app.kubernetes.io/managed-by=kpod-bench"}},
		{"run --rm -i", []string{"run", "bench-k3", "--rm", "-i", "--restart=Never", "--image=" + shellImage(), "--labels=app.kubernetes.io/managed-by=kpod-bench", "--", "true"}},
		{"run --rm -i", []string{"run", "bench-k4", "--rm", "-i", "--restart=Never", "--image=" + shellImage(), "--labels=app.kubernetes.io/managed-by=kpod-bench", "--", "true"}},
		{"debug node", []string{"debug", "node/" + env.node, "-i", "--profile=sysadmin", "--image=" + shellImage(), "--", "chroot", "/host", "true"}},
		{"debug node", []string{"debug", "node/" + env.node, "-i", "--profile=sysadmin", "--image=" + shellImage(), "--", "chroot", "/host", "true"}},
	}
	// The watches a student keeps open to see what kpod shows live; they
	// run until stopped, so each is stopped after a few seconds.
	watches := []struct {
		form string
		args []string
	}{
		{"get -w", []string{"get", "pod", "bench-ref", "-w"}},
		{"get events -w", []string{"get", "events", "-w"}},
		{"get events -w", []string{"get", "events", "-w"}},
		{"logs -f", []string{"logs", "bench-ref", "-f"}},
	}
	// A command that ends before kubectl attaches (run --rm -i, debug node)
	// costs a retry and a log read some runs and not others: those forms are
	// listed twice and the cheaper run counts, so the reference is not inflated.
	out := map[string]map[string]int{}
	keep := func(form string, n map[string]int) {
		if old, ok := out[form]; !ok || total(n) < total(old) {
			out[form] = n
		}
	}
	for _, f := range forms {
		args := append([]string{"-v=6", "-n", ns}, f.args...)
		r := measure(ctx, nil, append([]string{c.kubectl}, args...)...)
		if r.err != nil {
			return nil, fmt.Errorf("kubectl %s: %v: %s", strings.Join(f.args, " "), r.err, lastLine(r.stderr))
		}
		keep(f.form, countV6(r.stderr))
	}
	for _, f := range watches {
		wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		args := append([]string{"-v=6", "-n", ns}, f.args...)
		r := measure(wctx, nil, append([]string{c.kubectl}, args...)...)
		cancel()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		n := countV6(r.stderr)
		if total(n) == 0 {
			return nil, fmt.Errorf("kubectl %s: no request in its log: %s", strings.Join(f.args, " "), lastLine(r.stderr))
		}
		keep(f.form, n)
	}
	// kubectl debug node leaves its Pod behind.
	if list, err := pods.List(ctx, metav1.ListOptions{}); err == nil {
		for _, p := range list.Items {
			if strings.HasPrefix(p.Name, "node-debugger-") {
				_ = pods.Delete(ctx, p.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
			}
		}
	}
	return out, nil
}

// watchesFor is what a student needs, beyond the commands a lesson shows,
// to see what kpod shows live: one `kubectl get pod -w` for each wave of
// Pods the lesson waits on (each `kubectl wait` it shows, however many
// Pods that names), and one `kubectl get events -w` for the lesson's
// timeline of Events. A followed log is a `kubectl logs -f` the lesson
// shows already.
func watchesFor(commands []string) map[string]int {
	out := map[string]int{"get events -w": 1}
	for _, cmd := range commands {
		if form, _ := formOf(cmd); form == "wait" {
			out["get -w"]++
		}
	}
	return out
}

func lastLine(b []byte) string {
	l := strings.Split(strings.TrimSpace(string(b)), "\n")
	return l[len(l)-1]
}

// waitReady waits, on a watch, until pod/name is Ready.
func waitReady(ctx context.Context, env *clusterEnv, name string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	pods := env.client.CoreV1().Pods(env.namespace)
	sel := fields.OneTermEqualSelector("metadata.name", name).String()
	list, err := pods.List(ctx, metav1.ListOptions{FieldSelector: sel})
	if err != nil {
		return err
	}
	ready := func(p *corev1.Pod) bool {
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
				return true
			}
		}
		return false
	}
	for i := range list.Items {
		if ready(&list.Items[i]) {
			return nil
		}
	}
	w, err := pods.Watch(ctx, metav1.ListOptions{FieldSelector: sel, ResourceVersion: list.ResourceVersion})
	if err != nil {
		return err
	}
	defer w.Stop()
	for e := range w.ResultChan() {
		if p, ok := e.Object.(*corev1.Pod); ok && e.Type != watch.Deleted && ready(p) {
			return nil
		}
	}
	return fmt.Errorf("pod/%s was not Ready within 2m", name)
}
