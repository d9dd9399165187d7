//go:build e2e

package torture

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons"
	course "github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// Interrupt anywhere: a lesson stopped by a signal while one of its steps
// runs exits 128+signal, says once that it is cleaning up, and leaves
// nothing: no labelled object, no Lease, no node helper, no static
// manifest on the node. Killed outright (SIGKILL), it leaves what it made
// for `kpod clean`, which then removes all of it.
//
// `make torture` (KPOD_TORTURE=all) tries every step of every lesson with
// SIGINT, SIGTERM and SIGKILL. Otherwise a fixed sample: the middle step of
// each lesson, SIGINT and SIGTERM in turn, and SIGKILL in the static lesson.
func TestInterruptAnywhere(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Binary(t)
	for i, l := range course.Lessons {
		var steps []lessons.Step // those that do something: a recap is words only
		for _, st := range l.Steps(l.Defaults()) {
			if len(st.Do) > 0 {
				steps = append(steps, st)
			}
		}
		// The lessons side by side; the steps and signals of one lesson one
		// after the other, each run in a namespace of its own: CoreDNS keeps
		// a deleted Service's name for up to 30 s, so a run at once after
		// another in the same namespace could find the names of the run
		// before (the init lesson refuses to start then, as it should).
		t.Run(l.Name, func(t *testing.T) {
			t.Parallel()
			for j, st := range steps {
				for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
					if !all && !sampled(l, i, j, len(steps), sig) {
						continue
					}
					t.Run(fmt.Sprintf("%s/%s", st.Key, signalName(sig)), func(t *testing.T) {
						ns := ownNamespace(t, c, strings.ToLower(l.Name+"-"+st.Key+"-"+signalName(sig)))
						interruptAt(t, c, ns, l, st.Key, sig)
					})
				}
			}
		})
	}
}

// ownNamespace is a namespace for one part of a test, NAMESPACE-suffix,
// removed (after kpod clean) when that part ends.
func ownNamespace(t *testing.T, c kubernetes.Interface, suffix string) string {
	t.Helper()
	ns := lessontest.Namespace + "-" + suffix
	ctx := context.Background()
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil && !kube.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		lessontest.Kpod(t, "clean", "-n", ns)
		_ = c.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
	})
	return ns
}

// sampled is the fixed sample CI runs: the middle step of each lesson,
// SIGINT for every other lesson and SIGTERM for the rest, plus SIGKILL at
// a step of the node lessons chosen by their name (the same every run).
func sampled(l *lessons.Lesson, i, j, n int, sig syscall.Signal) bool {
	switch sig {
	case syscall.SIGKILL:
		if !l.Node {
			return false
		}
		h := fnv.New32a()
		h.Write([]byte(l.Name))
		return j == int(h.Sum32()%uint32(n))
	case syscall.SIGINT:
		return j == n/2 && i%2 == 0
	default:
		return j == n/2 && i%2 == 1
	}
}

func signalName(sig syscall.Signal) string {
	return map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", syscall.SIGKILL: "SIGKILL"}[sig]
}

func interruptAt(t *testing.T, c kubernetes.Interface, ns string, l *lessons.Lesson, key string, sig syscall.Signal) {
	run := lessontest.Step(t, l.Name, "-n", ns)
	run.During(key)
	count(t, "runs", 1)
	count(t, "interrupts", 1)
	if sig == syscall.SIGKILL {
		run.Kill()
		r := lessontest.Kpod(t, "clean", "-n", ns)
		count(t, "runs", 1)
		if r.Code != 0 {
			t.Errorf("kpod clean after kill -9: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
	} else {
		r, took := run.Signal(sig)
		figure(t, "exit after "+signalName(sig), took)
		if want := 128 + int(sig); r.Code != want {
			t.Errorf("exit %d after %s, want %d\nstderr: %s", r.Code, signalName(sig), want, r.Stderr)
		}
		if strings.TrimSpace(r.Stderr) != "" {
			t.Errorf("kpod wrote to stderr after %s: %q", signalName(sig), r.Stderr)
		}
		said := 0
		for _, n := range r.Of("note") {
			if n["text"] == lessons.Words().Get("en", "ui.interrupted").Body {
				said++
			}
		}
		if said != 1 {
			t.Errorf("kpod said %d times that it was interrupted, want once", said)
		}
	}
	nothingLeft(t, c, ns, l, "after "+signalName(sig)+" during step "+key)
}

// nothingLeft fails the test for each thing kpod left in ns (leftovers)
// and counts them for the figures table.
func nothingLeft(t *testing.T, c kubernetes.Interface, ns string, l *lessons.Lesson, when string) {
	t.Helper()
	lessontest.PodsGone(t, c, ns)
	left := leftovers(t, c, ns, l)
	count(t, "left", float64(len(left)))
	for _, o := range left {
		t.Errorf("left %s: %s", when, o)
	}
}

// leftovers lists, from the cluster and the node, what kpod left in ns:
// labelled objects, its Leases, node helper Pods, and for a node lesson the
// static manifests it writes (l may be nil: not a node lesson).
func leftovers(t *testing.T, c kubernetes.Interface, ns string, l *lessons.Lesson) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	objs, err := kube.Labelled(ctx, c, ns, kube.KpodSelector)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		out = append(out, strings.ToLower(o.Kind)+"/"+o.Name)
	}
	leases, err := c.CoordinationV1().Leases(ns).List(ctx, metav1.ListOptions{LabelSelector: kube.KpodSelector})
	if err != nil {
		t.Fatal(err)
	}
	for _, le := range leases.Items {
		out = append(out, "lease/"+le.Name)
	}
	helpers, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: node.HelperLabel + "=true"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range helpers.Items {
		out = append(out, "helper pod/"+p.Name)
	}
	if l != nil && l.Node {
		for _, node := range nodes(t, c) {
			dir, files := lessontest.StaticManifests(t, c, node, ns)
			for _, f := range files {
				out = append(out, dir+"/"+f+" on node "+node)
			}
		}
	}
	return out
}

func nodes(t *testing.T, c kubernetes.Interface) []string {
	t.Helper()
	list, err := c.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range list.Items {
		if node.Ready(&n) {
			out = append(out, n.Name)
		}
	}
	return out
}

// A second Ctrl-C during the cleanup stops kpod at once: one line on
// stderr says what is left and how to remove it, and that command removes
// all of it.
func TestSecondInterrupt(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Binary(t)
	lessontest.Cleanup(t)
	ns := lessontest.Namespace
	run := lessontest.Step(t, "run")
	run.To("run-way") // pod/webserver runs
	r := run.SignalTwice(syscall.SIGINT)
	t.Logf("kpod after a second Ctrl-C: %s", r.Stderr)
	count(t, "runs", 1)
	count(t, "interrupts", 2)
	if r.Code != 130 {
		t.Errorf("exit %d after a second Ctrl-C, want 130\nstderr: %s", r.Code, r.Stderr)
	}
	want := "`kpod clean -n " + ns + "`"
	if !oneLine(r.Stderr) || !strings.Contains(r.Stderr, "Left in namespace "+ns+": ") || !strings.Contains(r.Stderr, want) {
		t.Fatalf("after a second Ctrl-C kpod should say in one line what it left and %s; stderr: %q", want, r.Stderr)
	}
	count(t, "runs", 1)
	if clean := lessontest.Kpod(t, "clean", "-n", ns); clean.Code != 0 {
		t.Errorf("kpod clean: exit %d\n%s", clean.Code, clean.Stderr)
	}
	nothingLeft(t, c, ns, nil, "after kpod clean")
}

// kpod killed right after it wrote a static Pod's manifest, before the
// kubelet has made a mirror Pod to find it by: `kpod clean` finds the file
// on the run's Lease and removes it, and the kubelet stops the Pod.
func TestKilledAfterStaticWrite(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Binary(t)
	ns := ownNamespace(t, c, "killed-static")
	run := lessontest.Step(t, "static", "-n", ns)
	run.AtCommand("write", 2) // the manifest is on the node; the wait for its mirror Pod begins
	run.Kill()
	count(t, "runs", 2)
	count(t, "interrupts", 1)
	// Found on the Lease, or by the mirror Pod if the kubelet made one
	// before the clean: either way the clean names the file it removed.
	if r := lessontest.Kpod(t, "clean", "-n", ns); r.Code != 0 || !strings.Contains(r.Stdout, "removed from node") && !strings.Contains(r.Stdout, "stopped: its manifest") {
		t.Errorf("kpod clean: exit %d, want the manifest removed:\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	// A mirror Pod the kubelet made meanwhile goes with its file.
	ctx := context.Background()
	pods, err := c.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		if kube.IsMirror(&p) {
			if err := kube.WaitGone(ctx, c, ns, p.Name, 2*time.Minute); err != nil {
				t.Errorf("mirror pod/%s stays after its manifest was removed: %v", p.Name, err)
			}
		}
	}
	nothingLeft(t, c, ns, lessonNamed("static"), "after kill -9 and kpod clean")
}

func lessonNamed(name string) *lessons.Lesson {
	for _, l := range course.Lessons {
		if l.Name == name {
			return l
		}
	}
	panic("no lesson " + name)
}
