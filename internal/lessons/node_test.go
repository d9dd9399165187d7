package lessons_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"
	"sigs.k8s.io/kind/pkg/cluster/nodes"

	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	runlesson "github.com/kpod-dev/kpod/internal/lessons/run"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// pods is what nodeLesson's command printed.
const pods lessons.Fact[string] = "pods"

// nodeLesson runs one command on the node kpod picks.
var nodeLesson = &lessons.Lesson{
	Name: "nodes", Node: true,
	Options: []lessons.Option{{Name: "node"}},
	Text:    text.Text{"en": {"title": {Title: "Nodes"}, "look": {Title: "Look"}}},
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{{Key: "look", Do: []lessons.Action{
			lessons.PickNode("node"),
			lessons.OnNode(lessons.NodeName.Ref(), "crictl pods --namespace {{ns}}").Into(pods),
		}}}
	},
}

func readyNode(name, providerID string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{ProviderID: providerID},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
}

// runJSON runs nodeLesson on a fake cluster with -o json and returns its records.
func runJSON(t *testing.T, s *lessons.Session) []map[string]any {
	t.Helper()
	var out bytes.Buffer
	s.Report = report.NewJSON(&out, func() time.Duration { return 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, m)
	}
	return recs
}

func of(recs []map[string]any, kind, field string) []string {
	var out []string
	for _, m := range recs {
		if m["type"] == kind {
			out = append(out, m[field].(string))
		}
	}
	return out
}

// On a kind cluster on this machine the session reaches the node with
// docker exec, says so once, shows `docker exec` and makes no Pod.
func TestNodesThroughKind(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients, fake, err := lessontest.FakeClients(ctx, nil, readyNode("kpod-control-plane", "kind://docker/kpod/kpod-control-plane"))
	if err != nil {
		t.Fatal(err)
	}
	container := &kindtest.Node{Name: "kpod-control-plane", Sh: func(script string) (string, string, error) {
		return "POD ID   NAME\nabc      web\n", "", nil
	}}
	s := lessontest.FakeSession(nodeLesson, nil, clients, nil)
	s.Env.KindNodes = func(engine, cluster string) ([]nodes.Node, error) {
		if engine != "docker" || cluster != "kpod" {
			t.Errorf("asked kind for %s/%s", engine, cluster)
		}
		return []nodes.Node{container}, nil
	}
	recs := runJSON(t, s)
	cmds := of(recs, "command", "command")
	if len(cmds) != 2 || cmds[0] != "kubectl get nodes" || cmds[1] != "docker exec kpod-control-plane crictl pods --namespace kpod" {
		t.Errorf("commands %q", cmds)
	}
	notes := strings.Join(of(recs, "note", "text"), "\n")
	if !strings.Contains(notes, "kpod reaches the nodes with `docker exec`: they are containers of kind cluster kpod on this machine") {
		t.Errorf("notes do not say how kpod reaches the node:\n%s", notes)
	}
	if got := strings.Join(container.Commands(), "\n"); got != "sh -c crictl pods --namespace kpod" {
		t.Errorf("ran %q in the node container", got)
	}
	if !strings.Contains(strings.Join(of(recs, "output", "text"), ""), "abc      web") {
		t.Errorf("the node's output is not shown: %v", recs)
	}
	lessontest.NoPodsLeft(t, fake)
}

// Elsewhere the session checks, in a server-side dry run, that a helper Pod
// is allowed, says so once, and shows kubectl debug; the helper is deleted
// at the end.
func TestNodesThroughHelper(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exec := &lessontest.FakeExec{Answers: map[string]string{"chroot /host sh -c crictl pods --namespace kpod": "POD ID\n"}}
	clients, fake, err := lessontest.FakeClients(ctx, exec, readyNode("node-1", ""))
	if err != nil {
		t.Fatal(err)
	}
	lessontest.HelperStays(fake)
	recs := runJSON(t, lessontest.FakeSession(nodeLesson, nil, clients, nil))
	cmds := of(recs, "command", "command")
	if len(cmds) != 2 || cmds[1] != "kubectl debug node/node-1 -it --profile=sysadmin --image=busybox:1.37 -- chroot /host crictl pods --namespace kpod" {
		t.Errorf("commands %q", cmds)
	}
	notes := strings.Join(of(recs, "note", "text"), "\n")
	if !strings.Contains(notes, "kpod reaches the nodes through a privileged helper Pod on each, the same as `kubectl debug node/NODE -it --profile=sysadmin --image=busybox:1.37 -- chroot /host sh`") {
		t.Errorf("notes do not say how kpod reaches the node:\n%s", notes)
	}
	if len(exec.Calls) != 1 || !strings.HasPrefix(exec.Calls[0], "kpod-node-node-1-") {
		t.Errorf("exec calls %q", exec.Calls)
	}
	lessontest.NoPodsLeft(t, fake)
}

// Run leaves the configuration as NewSession made it: no node access
// filled in, the default timeout; a Pod the run never watched is nil.
func TestRunLeavesConfiguration(t *testing.T) {
	var buf bytes.Buffer
	l := runlesson.Lesson
	env := runenv.Env{Lang: "en", Namespace: "kpod", Images: runenv.Images(nil, func(string) string { return "" }), Clock: clock.RealClock{}}
	s := lessons.NewSession(env, l, lessons.Config{Values: l.Defaults(), DryRun: true}, lessontest.ReportTo(report.NewHuman(&buf)))
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Config.Timeout != lessons.DefaultTimeout || s.Env.NodeAccess != nil {
		t.Errorf("Run wrote its configuration: Timeout %v, NodeAccess %v", s.Config.Timeout, s.Env.NodeAccess)
	}
	if p := s.View().Pod("webserver"); p != nil {
		t.Errorf("a dry run saw Pod %v", p)
	}
}
