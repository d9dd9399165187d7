package lessons_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	coordv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/runlock"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// webLesson makes one Pod, web.
var webLesson = &lessons.Lesson{
	Name: "web",
	Text: text.Text{"en": {"title": {Title: "Web"}, "make": {Title: "Make"}}},
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{{Key: "make", Do: []lessons.Action{lessons.RunPod("web", "web", 80)}}}
	},
}

func lease(lesson, holder string, renewed time.Time) *coordv1.Lease {
	secs := int32(15)
	rt := metav1.NewMicroTime(renewed)
	return &coordv1.Lease{ObjectMeta: metav1.ObjectMeta{Name: lessons.LeaseName(lesson), Namespace: "kpod"},
		Spec: coordv1.LeaseSpec{HolderIdentity: &holder, LeaseDurationSeconds: &secs, RenewTime: &rt}}
}

func kpodPod(name, lesson string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "kpod", UID: "old",
		Labels: map[string]string{kube.ManagedBy: kube.ManagedByValue, kube.LessonLabel: lesson}}}
}

// run runs l on a fake cluster holding objs and returns the error and the plain output.
func run(t *testing.T, l *lessons.Lesson, deny [][2]string, objs ...runtime.Object) (error, string, *fake.Clientset) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hasNS := false
	for _, o := range objs {
		_, isNS := o.(*corev1.Namespace)
		hasNS = hasNS || isNS
	}
	if !hasNS {
		objs = append(objs, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kpod"}})
	}
	clients, c, err := lessontest.FakeClients(ctx, nil, objs...)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deny {
		lessontest.DenyAccess(c, d[0], d[1])
	}
	lessontest.HelperStays(c)
	var out bytes.Buffer
	err = lessontest.FakeSession(l, nil, clients, &out).Run(ctx)
	return err, out.String(), c
}

// refusedBeforeAnything checks one line, nothing printed and nothing made.
func refusedBeforeAnything(t *testing.T, err error, out string, c *fake.Clientset, want string) {
	t.Helper()
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), want) {
		t.Fatalf("want one line with %q, got %v", want, err)
	}
	if out != "" {
		t.Errorf("printed before refusing:\n%s", out)
	}
	// The run's own Lease may come and go; the fake kubelet's Events and
	// status updates are not kpod's.
	for _, a := range c.Actions() {
		res := a.GetResource().Resource
		if res == "leases" || res == "events" || res == "selfsubjectaccessreviews" || a.GetSubresource() == "status" {
			continue
		}
		if v := a.GetVerb(); v == "create" || v == "delete" || v == "update" || v == "patch" {
			t.Errorf("%s %s before refusing", v, res)
		}
	}
	if l, _ := runlock.Get(context.Background(), c, "kpod", lessons.LeaseName("web")); l != nil && l.Spec.HolderIdentity != nil && !strings.Contains(want, *l.Spec.HolderIdentity) {
		t.Errorf("the refused run left its lease: %v", *l.Spec.HolderIdentity)
	}
}

func TestSecondRunRefuses(t *testing.T) {
	err, out, c := run(t, webLesson, nil, lease("web", "laptop pid 7/abcd", time.Now()), kpodPod("web", "web"))
	refusedBeforeAnything(t, err, out, c, "Another kpod run of lesson web is going on in namespace kpod (laptop pid 7/abcd")
	if _, gerr := c.CoreV1().Pods("kpod").Get(context.Background(), "web", metav1.GetOptions{}); gerr != nil {
		t.Errorf("the first run's pod/web is gone: %v", gerr)
	}
}

func TestForeignObjectRefused(t *testing.T) {
	mine := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod", Labels: map[string]string{"app": "mine"}}}
	err, out, c := run(t, webLesson, nil, mine)
	if err == nil || !strings.Contains(err.Error(), "pod/web already exists in namespace kpod and kpod did not make it") {
		t.Fatalf("got %v", err)
	}
	if out != "" {
		t.Errorf("printed before refusing:\n%s", out)
	}
	for _, a := range c.Actions() {
		if a.GetVerb() == "delete" && a.GetResource().Resource != "leases" || a.GetVerb() == "create" && a.GetResource().Resource == "pods" {
			t.Errorf("%s %s", a.GetVerb(), a.GetResource().Resource)
		}
	}
	if l, _ := runlock.Get(context.Background(), c, "kpod", lessons.LeaseName("web")); l != nil {
		t.Errorf("the run's lease is left: %v", l.Spec)
	}
}

// Another lesson's live run owns pod/web: refused; once its Lease is
// stale, pod/web is a leftover and replaced.
func TestOtherLessonsObjects(t *testing.T) {
	err, out, c := run(t, webLesson, nil, kpodPod("web", "other"), lease("other", "x", time.Now()))
	refusedBeforeAnything(t, err, out, c, "pod/web in namespace kpod belongs to a kpod run of lesson other that is going on now")

	err, out, c = run(t, webLesson, nil, kpodPod("web", "other"), lease("other", "x", time.Now().Add(-time.Minute)))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "pod/web is left over from an earlier kpod run") {
		t.Errorf("no leftover note:\n%s", out)
	}
	lessontest.NoPodsLeft(t, c)
	if l, _ := runlock.Get(context.Background(), c, "kpod", lessons.LeaseName("web")); l != nil {
		t.Errorf("the run's lease is left: %v", l.Spec)
	}
}

// The lesson's own Pod from a run that ended a moment ago is still
// stopping: the next run says so and waits, with no leftover warning.
func TestStoppingPodOfLastRun(t *testing.T) {
	p := kpodPod("web", "web")
	now := metav1.Now()
	p.DeletionTimestamp = &now
	err, out, c := run(t, webLesson, nil, p)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "pod/web, deleted by an earlier run, is still terminating") || strings.Contains(out, "left over") {
		t.Errorf("want the stopping note and no leftover warning:\n%s", out)
	}
	lessontest.NoPodsLeft(t, c)
}

// A dead run's Lease (not renewed in time) is taken over, its leftovers
// replaced, and the Lease deleted at the end.
func TestStaleLeaseTakenOver(t *testing.T) {
	err, out, c := run(t, webLesson, nil, lease("web", "gone", time.Now().Add(-time.Minute)), kpodPod("web", "web"))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	lessontest.NoPodsLeft(t, c)
	if l, _ := runlock.Get(context.Background(), c, "kpod", lessons.LeaseName("web")); l != nil {
		t.Errorf("lease left: %v", l.Spec)
	}
}

func TestKeepLeavesReleasedLease(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := lessontest.FakeSession(webLesson, nil, clients, &bytes.Buffer{})
	s.Config.Keep = true
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	l, _ := runlock.Get(ctx, c, "kpod", lessons.LeaseName("web"))
	if l == nil || l.Spec.HolderIdentity != nil && *l.Spec.HolderIdentity != "" {
		t.Fatalf("want a released lease as the mark of what --keep left, got %v", l)
	}
	// A later run takes the released Lease and replaces its own leftover.
	s = lessontest.FakeSession(webLesson, nil, clients, &bytes.Buffer{})
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	lessontest.NoPodsLeft(t, c)
}

// A student bound to `edit` in one namespace: a node lesson refuses before
// anything, naming the right it lacks.
func TestNodeLessonPreflight(t *testing.T) {
	err, out, c := run(t, nodeLesson, [][2]string{{"list", "nodes"}}, readyNode("node-1", ""))
	refusedBeforeAnything(t, err, out, c, "your user may not `list nodes`")

	err, out, c = run(t, nodeLesson, [][2]string{{"create", "pods/exec"}}, readyNode("node-1", ""))
	refusedBeforeAnything(t, err, out, c, "your user may not `create pods/exec -n kpod`")

	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kpod", Labels: map[string]string{kube.PodSecurityEnforce: "baseline"}}}
	err, out, c = run(t, nodeLesson, nil, readyNode("node-1", ""), ns)
	refusedBeforeAnything(t, err, out, c, `namespace kpod enforces the Pod Security level "baseline"`)
}

func TestNodeLessonPreflightKorean(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := lessontest.FakeClients(ctx, nil, readyNode("node-1", ""))
	if err != nil {
		t.Fatal(err)
	}
	lessontest.DenyAccess(c, "list", "nodes")
	s := lessontest.FakeSession(nodeLesson, nil, clients, &bytes.Buffer{})
	s.Env.Lang = "ko"
	err = s.Run(ctx)
	if err == nil || !strings.Contains(text.Scene{Lang: "ko"}.Tell(err), "`list nodes` 권한이 없습니다") {
		t.Fatalf("got %v", err)
	}
}
