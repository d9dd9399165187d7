package lessons

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// Every action that names a Pod fills the name's templates, in the command
// it shows and in what it asks the cluster for.
func TestPodNameTemplates(t *testing.T) {
	const name, want = `web-{{fact "node"}}`, "web-node-1"
	actions := map[string]Action{
		"Wait":           Wait(name, Ready),
		"WaitAll":        WaitAll(Ready, name),
		"WaitGone":       WaitGone(name),
		"DeleteReplaced": DeleteReplaced(name, "replaced"),
		"Delete":         Delete(name),
		"Logs":           Logs(name, "web", 0),
		"FollowLog":      FollowLog(name, "web", 1, nil).Ended(func(*corev1.Pod) error { return nil }).Until("missing"),
		"Describe":       Describe(name),
		"Events":         Events(name),
		"Exec":           Exec(name, "web", "true"),
		"Get":            Get("", name),
		"WithPod":        WithPod("kubectl get pod "+name, name, func(View, *corev1.Pod) (report.Output, error) { return report.Output{}, nil }),
		"Draw":           Draw(name),
		"DrawTimeline":   DrawTimeline(name),
		"WaitEvent":      WaitEvent(name, "Killing", "event"),
		"PodProcesses":   PodProcesses(name, "procs"),
		"WaitEndpoint":   WaitEndpoint("web", name, true),
		"Allocatable":    Allocatable(name),
		"OtherNode":      OtherNode(name, "other"),
	}
	// shown by the Pod's node, by the Service, or as every node
	unnamed := map[string]bool{"PodProcesses": true, "WaitEndpoint": true, "Allocatable": true, "OtherNode": true}
	for what, a := range actions {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: want, Namespace: "kpod", UID: "u1"},
			Spec:       corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
			Status:     corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}},
		}
		c := fake.NewClientset(pod, readyNode("node-1"), readyNode("node-2"))
		var execIn string
		s := testSession()
		s.Config.Timeout = 50 * time.Millisecond
		s.Env.Clients = &kube.Clients{Client: c, Exec: func(_ context.Context, _, pod, _ string, _ []string) (string, string, error) {
			execIn = pod
			return "", "", nil
		}}
		s.Env.Images = runenv.Images(nil, func(string) string { return "" })
		NodeName.keep(s, "node-1")
		s.Env.NodeAccess = noNodes{}
		ctx, stop := context.WithCancel(context.Background())
		s.timeline = timeline.NewWatch(timeline.Config{Client: c, Namespace: "kpod", Clock: s.Env.Clock, Lang: "en", Report: func(report.Annotation) {}})
		if err := s.timeline.Start(ctx); err != nil {
			t.Fatal(err)
		}
		show := a.show(s)
		if strings.Contains(show, "{{") || show != "" && !unnamed[what] && !strings.Contains(show, want) {
			t.Errorf("%s shows %q, want the name %s", what, show, want)
		}
		_, err := a.run(ctx, s)
		stop()
		if err != nil && strings.Contains(err.Error(), "{{") {
			t.Errorf("%s: %v", what, err)
		}
		if other, ok := Fact[string]("other").Get(s); ok && other != "node-2" {
			t.Errorf("%s: the node other than pod/%s's is %q, want node-2", what, want, other)
		}
		if execIn != "" && execIn != want {
			t.Errorf("%s ran in pod/%s, want %s", what, execIn, want)
		}
		for _, r := range c.Actions() {
			if n, ok := r.(interface{ GetName() string }); ok && r.GetResource().Resource == "pods" && n.GetName() != "" && n.GetName() != want {
				t.Errorf("%s asked to %s pod/%s, want %s", what, r.GetVerb(), n.GetName(), want)
			}
		}
	}
}

func readyNode(name string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
}

// noNodes shows node commands as "NODE: SCRIPT" and runs none.
type noNodes struct{}

func (noNodes) Way() string                            { return "none" }
func (noNodes) Command(node, script string) string     { return node + ": " + script }
func (noNodes) Copy(node, local, remote string) string { return node + ": " + local }
func (noNodes) Run(context.Context, string, string) (string, error) {
	return "", errors.New("no nodes here")
}
