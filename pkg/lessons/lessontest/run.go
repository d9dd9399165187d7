package lessontest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/pkg/lessons"
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
	s := &lessons.Session{Lesson: l, Lang: lang, Namespace: "kpod", Values: values, DryRun: true,
		Images: lessons.Images(nil, noEnv), Report: lessons.NewHuman(&buf, false), Now: NewClock().Now}
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
	if values == nil {
		values = l.Defaults()
	}
	var out bytes.Buffer
	s := &lessons.Session{
		Lesson: l, Lang: "en", Namespace: "kpod", Values: values, Images: lessons.Images(nil, noEnv),
		Clients: clients, Report: lessons.NewHuman(&out, false), Timeout: 10 * time.Second,
	}
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%s: %v\n%s", l.Name, err, out.String())
	}
	return out.String(), c
}
