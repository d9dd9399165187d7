package lessontest

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
)

func noEnv(string) string { return "" }

// DryRun runs a lesson's dry run in lang with its default options and
// returns the plain output. It needs no cluster.
func DryRun(t testing.TB, l *lessons.Lesson, lang string) string {
	t.Helper()
	return DryRunWith(t, l, lang, nil)
}

// DryRunWith is DryRun with the given option values (nil for the defaults).
func DryRunWith(t testing.TB, l *lessons.Lesson, lang string, values lessons.Values) string {
	t.Helper()
	if values == nil {
		values = l.Defaults()
	}
	var buf bytes.Buffer
	env := runenv.Env{Lang: lang, Namespace: "kpod", Images: runenv.Images(nil, noEnv), Clock: NewClock()}
	s := lessons.NewSession(env, l, lessons.Config{Values: values, DryRun: true, Strict: true}, ReportTo(report.NewHuman(&buf)))
	if err := s.Run(context.Background()); err != nil {
		t.Fatalf("dry run of %s in %s with %v: %v\n%s", l.Name, lang, values, err, buf.String())
	}
	return buf.String()
}

// FakeRun runs a lesson in English against a fake cluster whose fake
// kubelet starts every Pod, with exec answered from exec (may be nil). It
// returns the plain output and the clientset, and fails the test if the
// lesson fails.
func FakeRun(t testing.TB, l *lessons.Lesson, values lessons.Values, exec *FakeExec) (string, *fake.Clientset) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, c, err := FakeClients(ctx, exec)
	if err != nil {
		t.Fatal(err)
	}
	var out, rec bytes.Buffer
	s := RecordedSession(l, "en", values, clients, &out, &rec)
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%s: %v\n%s", l.Name, err, out.String())
	}
	SameReplay(t, out.String(), rec.Bytes()) // kpod replay shows the run as it was
	return out.String(), c
}

// FakeSession is a session as FakeRun runs it, for a test that sets up
// the fake cluster itself (FakeClients) or expects the lesson to fail: the
// lesson in English in namespace kpod with values (nil for the defaults),
// no image overrides, reporting plainly to out.
func FakeSession(l *lessons.Lesson, values lessons.Values, clients *kube.Clients, out io.Writer) *lessons.Session {
	return fakeSession(l, "en", values, clients, ReportTo(report.NewHuman(out)))
}

// RecordedSession is the session FakeRun runs: FakeSession in lang,
// reporting plainly to out and its JSON records to rec (Recorded).
func RecordedSession(l *lessons.Lesson, lang string, values lessons.Values, clients *kube.Clients, out, rec *bytes.Buffer) *lessons.Session {
	return fakeSession(l, lang, values, clients, func(since func() time.Duration) report.Reporter {
		return Recorded(out, rec, lang, since)
	})
}

func fakeSession(l *lessons.Lesson, lang string, values lessons.Values, clients *kube.Clients, reporter func(func() time.Duration) report.Reporter) *lessons.Session {
	if values == nil {
		values = l.Defaults()
	}
	env := runenv.Env{Lang: lang, Namespace: "kpod", Images: runenv.Images(nil, noEnv), Clients: clients, Clock: clock.RealClock{}}
	return lessons.NewSession(env, l, lessons.Config{Values: values, Timeout: 10 * time.Second, Strict: true}, reporter)
}

// ReportTo is the reporter of a session that shows its run on r, which
// keeps no time of its own.
func ReportTo(r report.Reporter) func(since func() time.Duration) report.Reporter {
	return func(func() time.Duration) report.Reporter { return r }
}

// NoPodsLeft fails the test if a Pod is left in namespace kpod of a fake
// cluster.
func NoPodsLeft(t testing.TB, c kubernetes.Interface) {
	t.Helper()
	pods, _ := c.CoreV1().Pods("kpod").List(context.Background(), metav1.ListOptions{})
	if len(pods.Items) != 0 {
		t.Errorf("%d pods left behind", len(pods.Items))
	}
}

// Manifest reads an example manifest (examples.FS) and decodes it, and
// fails the test if it cannot.
func Manifest(t testing.TB, file string) []runtime.Object {
	t.Helper()
	data, err := fs.ReadFile(examples.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := lessons.Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return objs
}
