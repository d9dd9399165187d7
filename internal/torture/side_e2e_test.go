//go:build e2e

package torture

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
	course "github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// Two runs of one lesson in one namespace: the second refuses at once,
// with one line naming the first, and the first's objects stay as they
// were (checked in the cluster); the first then ends well.
func TestSideBySide(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	ns := lessontest.Namespace
	lessontest.Binary(t)
	first := lessontest.Step(t, "run")
	first.To("run-way") // its Lease is held and pod/webserver is made
	before := uids(t, c, ns)
	if before["webserver"] == "" {
		t.Fatalf("the first run made no pod/webserver: %v", before)
	}
	t0 := time.Now()
	second := lessontest.Kpod(t, "run", "-n", ns, "-o", "json", "--lang", "en")
	figure(t, "side-by-side refusal", time.Since(t0))
	count(t, "runs", 2)
	if second.Code != 1 || !oneLine(second.Stderr) || !strings.Contains(second.Stderr, "Another kpod run of lesson run is going on in namespace "+ns) {
		t.Errorf("second run: exit %d, stderr %q", second.Code, second.Stderr)
	}
	if len(second.Of("step")) != 0 {
		t.Errorf("the second run showed steps: %v", second.Records)
	}
	if after := uids(t, c, ns); !same(before, after) {
		t.Errorf("the second run changed the first's Pods: before %v, after %v", before, after)
	}
	first.Finish()
	nothingLeft(t, c, ns, nil, "after both runs")
}

// A Pod with a lesson's name that kpod did not make: the lesson refuses
// before it makes anything, naming the Pod, and the Pod is untouched.
func TestForeignPod(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	ns := lessontest.Namespace
	ctx := context.Background()
	mine := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "webserver", Labels: map[string]string{"app": "students-own"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: runenv.Images(nil, os.Getenv)["web"]}}}}
	p, err := c.CoreV1().Pods(ns).Create(ctx, mine, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kube.Delete(ctx, c, ns, "Pod", "webserver", time.Minute) })
	r := lessontest.Kpod(t, "run", "-n", ns, "-o", "json", "--lang", "en")
	count(t, "runs", 1)
	if r.Code != 1 || !oneLine(r.Stderr) || !strings.Contains(r.Stderr, "pod/webserver already exists in namespace "+ns+" and kpod did not make it") {
		t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	now, err := c.CoreV1().Pods(ns).Get(ctx, "webserver", metav1.GetOptions{})
	if err != nil || now.UID != p.UID || now.DeletionTimestamp != nil || now.Labels[kube.ManagedBy] != "" {
		t.Errorf("the student's pod/webserver was touched: %v", err)
	}
	nothingLeft(t, c, ns, nil, "after the refusal")
}

// kpod clean never touches a Pod without kpod's label, nor one whose
// label is forged in a namespace kpod neither made nor ran a lesson in.
func TestCleanForgedLabel(t *testing.T) {
	c := lessontest.Client(t)
	ctx := context.Background()
	other := lessontest.Namespace + "-forged"
	if _, err := c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: other}}, metav1.CreateOptions{}); err != nil && !kube.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CoreV1().Namespaces().Delete(ctx, other, metav1.DeleteOptions{}) })
	img := runenv.Images(nil, os.Getenv)["shell"]
	mk := func(ns, name string, labels map[string]string) types.UID {
		p, err := c.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: img, Command: []string{"sleep", "3600"}}}}}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = kube.Delete(ctx, c, ns, "Pod", name, time.Minute) })
		return p.UID
	}
	forged := map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: "run"}
	uidForged := mk(other, "forged", forged)
	uidPlain := mk(lessontest.Namespace, "plain", map[string]string{"app": "plain"})
	for _, args := range [][]string{{"clean", "-n", other}, {"clean", "-n", lessontest.Namespace}, {"clean", "-A"}} {
		r := lessontest.Kpod(t, args...)
		count(t, "runs", 1)
		if r.Code != 0 {
			t.Errorf("kpod %v: exit %d: %s", args, r.Code, r.Stderr)
		}
		if args[1] != "-n" || args[2] == other {
			if !strings.Contains(r.Stdout, "Not touched: pod/forged in namespace "+other) {
				t.Errorf("kpod %v does not say it left pod/forged:\n%s", args, r.Stdout)
			}
		}
	}
	for ns, want := range map[string]types.UID{other + "/forged": uidForged, lessontest.Namespace + "/plain": uidPlain} {
		n, name, _ := strings.Cut(ns, "/")
		p, err := c.CoreV1().Pods(n).Get(ctx, name, metav1.GetOptions{})
		if err != nil || p.UID != want || p.DeletionTimestamp != nil {
			t.Errorf("kpod clean touched pod %s: %v", ns, err)
		}
	}
}

// All nine lessons at once, each in a namespace of its own (as a class on
// one cluster): every one ends well, narrates only Pods of its own
// namespace, and leaves nothing.
func TestNineAtOnce(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Binary(t)
	results := make([]lessontest.Result, len(course.Lessons))
	recs := make([]*lessontest.Recorder, len(course.Lessons))
	nss := make([]string, len(course.Lessons))
	for i, l := range course.Lessons {
		nss[i] = ownNamespace(t, c, fmt.Sprintf("%d-%s", i+1, l.Name))
		recs[i] = lessontest.Record(t, c, nss[i])
	}
	t0 := time.Now()
	var wg sync.WaitGroup
	for i, l := range course.Lessons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = lessontest.Kpod(t, l.Name, "-n", nss[i], "-o", "json", "--lang", "en", "--timeout", "5m")
		}()
	}
	wg.Wait()
	figure(t, "nine lessons at once", time.Since(t0))
	count(t, "runs", float64(len(course.Lessons)))
	for i, l := range course.Lessons {
		r := results[i]
		if r.Code != 0 {
			t.Errorf("%s in %s: exit %d\nstderr: %s", l.Name, nss[i], r.Code, r.Stderr)
		}
		for _, e := range r.Of("event") {
			if pod, _ := e["pod"].(string); len(recs[i].Pod(pod)) == 0 {
				t.Errorf("%s in %s told of pod %q, which its namespace never had: %v", l.Name, nss[i], pod, e)
			}
		}
		nothingLeft(t, c, nss[i], l, "after "+l.Name+" in "+nss[i])
	}
}
