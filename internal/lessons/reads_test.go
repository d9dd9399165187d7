package lessons

import (
	"context"
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// FollowLog until a line: the fake clientset's every log is the one line
// "fake logs".
func TestFollowLogUntil(t *testing.T) {
	web := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod"}}
	s := testSession(web)
	until := func(line string) *FollowAction { return FollowLog("web", "app", 1, nil).Until(line).Tail(6) }
	if out, err := until("fake").run(context.Background(), s); out.Text != "fake logs\n" || err != nil {
		t.Errorf("a line that comes: %q, %v", out.Text, err)
	}
	if _, err := until("ready").run(context.Background(), s); err == nil || !strings.Contains(err.Error(), `ended before "ready"`) {
		t.Errorf("a log that ends first: %v", err)
	}
	c := fake.NewClientset(web)
	c.PrependReactor("get", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return a.GetSubresource() == "log", &runtime.Unknown{Raw: []byte("a\nb\nwanted\nc\n")}, nil
	})
	s.Env.Clients = &kube.Clients{Client: c}
	if out, err := FollowLog("web", "app", 1, nil).Until("want").Tail(2).run(context.Background(), s); out.Text != "b\nwanted\n" || err != nil {
		t.Errorf("the last 2 lines up to the one wanted: %q, %v", out.Text, err)
	}
	s.Env.Clients = &kube.Clients{Client: fake.NewClientset(web)}
	why := errors.New("the Pod says why")
	ended := func(p *corev1.Pod) error {
		if p.Name != "web" {
			t.Errorf("ended got pod/%s", p.Name)
		}
		return why
	}
	if out, err := until("ready").Ended(ended).run(context.Background(), s); out.Text != "fake logs\n" || !errors.Is(err, why) {
		t.Errorf("a log that ends, and the Pod says why: %q, %v", out.Text, err)
	}
}

func TestWithPodAndNodes(t *testing.T) {
	s := testSession(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-node-1", Namespace: "kpod"}},
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1"}})
	NodeName.keep(s, "node-1")
	out, err := WithPod("", `web-{{fact "node"}}`, func(_ View, p *corev1.Pod) (report.Output, error) { return report.Quoted(p.Name), nil }).run(context.Background(), s)
	if out.Text != "web-node-1" || err != nil {
		t.Errorf("WithPod: %q, %v", out.Text, err)
	}
	if _, err := WithPod("", "gone", nil).run(context.Background(), s); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Errorf("WithPod of a missing Pod: %v", err)
	}
	out, err = WithNodes("", func(_ View, nodes []corev1.Node, err error) (report.Output, error) {
		return report.Quoted(nodes[0].Name), err
	}).run(context.Background(), s)
	if out.Text != "node-1" || err != nil {
		t.Errorf("WithNodes: %q, %v", out.Text, err)
	}
	out, err = WithPods("", "kpod", func(_ View, pods []corev1.Pod, err error) (report.Output, error) {
		return report.Quoted(pods[0].Name), err
	}).run(context.Background(), s)
	if out.Text != "web-node-1" || err != nil {
		t.Errorf("WithPods: %q, %v", out.Text, err)
	}
}

// When runs its check once, on the first line holding its words, and says
// the check's note while the follow goes on.
func TestFollowLogWhen(t *testing.T) {
	web := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod"}}
	s := testSession(web)
	c := fake.NewClientset(web)
	c.PrependReactor("get", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return a.GetSubresource() == "log", &runtime.Unknown{Raw: []byte("refused\nreset\nreset\nanswer\n")}, nil
	})
	s.Env.Clients = &kube.Clients{Client: c}
	var b strings.Builder
	s.Report = report.NewHuman(&b)
	calls := 0
	check := func(_ context.Context, _ View) (report.Line, bool) {
		calls++
		return report.Plain("the name is stale"), true
	}
	never := func(context.Context, View) (report.Line, bool) {
		t.Error("checked a line that never came")
		return report.Line{}, false
	}
	out, err := FollowLog("web", "app", 1, nil).Until("answer").When("reset", check).When("nothing", never).run(context.Background(), s)
	if err != nil || !strings.HasSuffix(out.Text, "answer\n") {
		t.Fatalf("follow: %q, %v", out.Text, err)
	}
	if calls != 1 || !strings.Contains(b.String(), "the name is stale") {
		t.Errorf("checked %d times, said %q; want once, said", calls, b.String())
	}
}
