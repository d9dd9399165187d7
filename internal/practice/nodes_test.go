package practice_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	pt "github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// fakeNode plays node-1 for node tasks: its kubelet's command line and
// config, the files in its staticPodPath, and the pause process of each Pod
// it runs (in a cgroup named by the sandbox's ID, as containerd makes it).
type fakeNode struct {
	sandboxes map[types.UID]string
	files     string // what the static folder scan prints
	runs      int
}

func (f *fakeNode) Way() string                        { return "fake" }
func (f *fakeNode) Command(node, script string) string { return "on " + node + ": " + script }
func (f *fakeNode) Copy(node, local, remote string) string {
	return "copy " + local + " " + node + ":" + remote
}

func (f *fakeNode) Run(_ context.Context, node, script string) (string, error) {
	f.runs++
	switch {
	case strings.Contains(script, "/comm"):
		return "/usr/bin/kubelet\n--config=/var/lib/kubelet/config.yaml\n", nil
	case strings.HasPrefix(script, "cat "):
		return "kind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/manifests\n", nil
	case strings.HasPrefix(script, "cd "):
		return f.files, nil
	case strings.Contains(script, "/cgroup"):
		for uid, id := range f.sandboxes {
			if strings.Contains(script, "pod"+string(uid)) {
				return fmt.Sprintf("4242\t1\tnet:[4026532300]\t4:memory:/kubepods/besteffort/pod%s/%s\t/pause\n", uid, id), nil
			}
		}
		return "", nil
	}
	return "", fmt.Errorf("node %s: unexpected script %q", node, script)
}

var (
	sandboxID   = strings.Repeat("5a", 32)
	containerID = strings.Repeat("c0", 32)
	otherID     = strings.Repeat("0b", 32)
	staticHash  = "6f1f4c1e2a7d0b9e8c3a5d4f2e1b0c9a"
)

// nodeWorld is a world with box (as the pause tasks' solution makes it),
// running on node-1, whose sandbox the fake node knows.
func nodeWorld(t *testing.T) (*practice.World, *fakeNode) {
	t.Helper()
	set, _ := findSet("pause")
	w := pt.World(nil, nil)
	pods, _, err := pt.Objects(pt.Solution(set, "sandbox", w))
	if err != nil || len(pods) != 1 || pods[0].Name != "box" {
		t.Fatalf("pause/sandbox solution: %v %v", pods, err)
	}
	w = pt.World(pods, nil)
	box := w.Pod("box")
	box.ResourceVersion = "1"
	box.Status.ContainerStatuses[0].ContainerID = "containerd://" + containerID
	f := &fakeNode{sandboxes: map[types.UID]string{box.UID: sandboxID}}
	w.Nodes = practice.NewNodes(&kube.Clients{Client: fake.NewClientset()}, f, "node-1")
	return w, f
}

func annotate(p *corev1.Pod, value string) {
	p.Annotations = map[string]string{practice.SandboxAnnotation: value}
	p.ResourceVersion += "1"
}

// mirror is the mirror Pod the kubelet of node-1 publishes for a static
// Pod "mine" in the practice namespace.
func mirror(w *practice.World, f *fakeNode) *corev1.Pod {
	p := pt.Run(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "mine-node-1", ResourceVersion: "7", Annotations: map[string]string{
		corev1.MirrorPodAnnotationKey: staticHash, "kubernetes.io/config.source": "file", "kubernetes.io/config.hash": staticHash}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: pt.Images["web"]}}}}, 0)
	w.Pods = append(w.Pods, p)
	f.sandboxes[types.UID(staticHash)] = sandboxID
	f.files = "==> kube-apiserver.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\n\n" +
		"==> mine.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n  namespace: " + pt.Namespace + "\nspec:\n  containers: []\n"
	return p
}

// The node tasks hold only on what kpod reads on the node, and a typical
// wrong solution gets its own reason.
func TestNodeTasksOnFakeNode(t *testing.T) {
	pause, _ := findSet("pause")
	static, _ := findSet("static")
	sandbox, _ := pause.Find("sandbox")
	kept, _ := pause.Find("kept")
	mine, _ := static.Find("mirror")
	cases := []struct {
		name  string
		task  practice.Task
		setup func(w *practice.World, f *fakeNode)
		why   string // "" when it holds
	}{
		{"no annotation", sandbox, func(w *practice.World, f *fakeNode) {}, "sandbox-missing"},
		{"the sandbox, as crictl shows it", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), sandboxID[:13]) }, ""},
		{"the whole ID", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), sandboxID) }, ""},
		{"the app container's ID", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), containerID[:13]) }, "sandbox-is-container"},
		{"a guess", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), otherID[:13]) }, "sandbox-wrong"},
		{"a PID", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), "4242") }, "sandbox-form"},
		{"12 digits: the task asks for 13", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), sandboxID[:12]) }, "sandbox-form"},
		{"no node access", sandbox, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), sandboxID[:13]); w.Nodes = nil }, "node-none"},
		{"restarted, same sandbox", kept, func(w *practice.World, f *fakeNode) {
			annotate(w.Pod("box"), sandboxID[:13])
			w.Pod("box").Status.ContainerStatuses[0].RestartCount = 1
		}, ""},
		{"not restarted", kept, func(w *practice.World, f *fakeNode) { annotate(w.Pod("box"), sandboxID[:13]) }, "no-restart"},
		{"made again, old ID written", kept, func(w *practice.World, f *fakeNode) {
			box := w.Pod("box")
			annotate(box, sandboxID[:13])
			box.UID, box.Status.ContainerStatuses[0].RestartCount = "uid-box-again", 1
			f.sandboxes[box.UID] = otherID
		}, "sandbox-wrong"},
		{"a static Pod from the student's file", mine, func(w *practice.World, f *fakeNode) { mirror(w, f) }, ""},
		{"nothing yet", mine, func(w *practice.World, f *fakeNode) {}, "no-mirror"},
		{"a Pod made with kubectl", mine, func(w *practice.World, f *fakeNode) {
			w.Pods = append(w.Pods, pt.Run(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "mine"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}}}}, 3))
		}, "api-pod"},
		{"a mirror annotation on an API Pod", mine, func(w *practice.World, f *fakeNode) {
			mirror(w, f)
			f.files = ""
		}, "static-file"},
		{"the lesson's own file", mine, func(w *practice.World, f *fakeNode) {
			mirror(w, f).Annotations["kpod.dev/static-pod-file"] = "/etc/kubernetes/manifests/kpod-x-static-web.yaml"
		}, "kpod-static"},
		{"the file in another namespace", mine, func(w *practice.World, f *fakeNode) {
			mirror(w, f)
			f.files = strings.ReplaceAll(f.files, "namespace: "+pt.Namespace, "namespace: default")
		}, "static-file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, f := nodeWorld(t)
			c.setup(w, f)
			r := c.task.Check(t.Context(), w)
			switch {
			case c.why == "" && !r.OK:
				t.Fatalf("does not hold: %s (%s)", r.Why.Key, (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts))
			case c.why != "" && r.OK:
				t.Fatalf("holds; want %s", c.why)
			case c.why != "" && r.Why.Key != c.why:
				t.Fatalf("reason %s (%s), want %s", r.Why.Key, (text.Scene{Lang: "en"}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts), c.why)
			}
			if r.Why != nil {
				for _, lang := range []string{"en", "ko"} {
					if msg := (text.Scene{Lang: lang}).Say(practice.Words(), "why."+r.Why.Key, r.Why.Facts); strings.Contains(msg, "<no value>") || msg == "why."+r.Why.Key || unfilled(lang, "why."+r.Why.Key, r.Why.Facts) {
						t.Errorf("%s: reason text %q", lang, msg)
					}
				}
			}
		})
	}
}

// A check that runs on every watched change asks the node again only when
// the Pod's sandbox may have changed, not for each change of the Pod (the
// annotation that makes the task hold is one).
func TestNodeAnswersAreKept(t *testing.T) {
	pause, _ := findSet("pause")
	task, _ := pause.Find("sandbox")
	w, f := nodeWorld(t)
	box := w.Pod("box")
	if r := task.Check(t.Context(), w); r.OK || r.Why.Key != "sandbox-missing" || f.runs != 1 {
		t.Fatalf("before the annotation: %+v, node asked %d times (want once, ahead)", r.Why, f.runs)
	}
	annotate(box, sandboxID[:13])
	for range 5 {
		if r := task.Check(t.Context(), w); !r.OK {
			t.Fatalf("does not hold: %+v", r.Why)
		}
	}
	if f.runs != 1 {
		t.Errorf("the node was asked %d times for one sandbox", f.runs)
	}
	box.Status.PodIP = "10.244.0.99" // a new sandbox
	task.Check(t.Context(), w)
	if f.runs != 2 {
		t.Errorf("the node was asked %d times after the sandbox changed, want 2", f.runs)
	}
}

// The hints and solutions show node commands the way the practice reaches
// nodes, filled from the student's own Pod.
func TestNodeCommandsInTexts(t *testing.T) {
	pause, _ := findSet("pause")
	w, _ := nodeWorld(t)
	annotate(w.Pod("box"), sandboxID[:13])
	got := w.Fill(pause.Text("en", practice.SolutionKey("kept")).Body)
	if want := "on node-1: crictl ps --pod " + sandboxID[:13]; !strings.Contains(got, want) {
		t.Errorf("solution of pause/kept:\n%s\nwant a line %q", got, want)
	}
	w.Nodes = nil // a dry run: the helper-Pod way, as the lessons show it
	got = w.Fill(pause.Text("ko", practice.SolutionKey("sandbox")).Body)
	if !strings.Contains(got, "kubectl debug node/node-1 -it --profile=sysadmin --image="+pt.Images["shell"]+" -- chroot /host crictl pods --name box --namespace "+pt.Namespace) {
		t.Errorf("solution of pause/sandbox without node access:\n%s", got)
	}
}

// Where the student may not reach nodes, node tasks are skipped with one
// line that says why, and the others are checked; --check does not pass
// what it could not check.
func TestNodeTasksSkippedWithAReason(t *testing.T) {
	ctx := context.Background()
	clients, c, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	lessontest.DenyAccess(c, "list", "nodes") // a class student
	s, out := newCoach(t, "pause", "sandbox", "kept")
	s.Env.Clients = clients
	err = s.Check(ctx)
	if !errors.Is(err, practice.ErrUnsolved) || !strings.Contains(err.Error(), "2 of 2 task(s) could not be checked") {
		t.Errorf("check with every task skipped: %v, want ErrUnsolved naming the 2 skipped", err)
	}
	text := out.String()
	if n := strings.Count(text, "Skipped: this task needs access to a node's files, and kpod has none here: "); n != 2 {
		t.Errorf("%d skip lines, want 2:\n%s", n, text)
	}
	if !strings.Contains(text, "list nodes") {
		t.Errorf("the skip does not say what is missing:\n%s", text)
	}
}

// A node task in a lesson that does not work on nodes (a task file's) is
// skipped, and the skip says so in the student's language.
func TestNodeTasksOfALessonWithoutNodes(t *testing.T) {
	ctx := context.Background()
	for lang, want := range map[string]string{"en": "lesson pause does not work on nodes", "ko": "pause 실습은 노드를 다루지 않습니다"} {
		clients, _, err := lessontest.FakeClients(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, out := newCoach(t, "pause", "sandbox")
		l := *s.Set.Lesson
		l.Node = false
		s.Set.Lesson, s.Env.Lang, s.Env.Clients = &l, lang, clients
		s.Report = &practice.Human{Human: report.NewHuman(out), Scene: text.Scene{Lang: lang}}
		_ = s.Check(ctx)
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: the skip does not say %q:\n%s", lang, want, out.String())
		}
	}
}

// downNode is a node kpod can name but not read.
type downNode struct{ fakeNode }

func (*downNode) Run(_ context.Context, node, _ string) (string, error) {
	return "", fmt.Errorf("node %s does not answer", node)
}

// The texts show the picked node's static Pod directory, read once where
// the nodes are found; where it cannot be read, kubeadm's, and a note says
// so.
func TestStaticDirReadOnce(t *testing.T) {
	static, _ := findSet("static")
	w, f := nodeWorld(t)
	if err := w.Nodes.ReadStaticDir(t.Context()); err != nil {
		t.Fatal(err)
	}
	runs := f.runs
	w.Nodes.StaticDir = "/var/lib/rancher/k3s/agent/pod-manifests" // as k3s sets it
	if got := w.Fill(static.Text("en", practice.SolutionKey("mirror")).Body); !strings.Contains(got, "node-1:/var/lib/rancher/k3s/agent/pod-manifests/mine.yaml") {
		t.Errorf("solution of static/mirror:\n%s\nwant the node's static Pod directory", got)
	}
	if f.runs != runs {
		t.Errorf("filling a text went to the node %d times", f.runs-runs)
	}

	ctx := context.Background()
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1"},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}}
	clients, _, err := lessontest.FakeClients(ctx, nil, node)
	if err != nil {
		t.Fatal(err)
	}
	s, out := newCoach(t, "static", "mirror")
	s.Env.Clients, s.Env.NodeAccess = clients, &downNode{}
	_ = s.Check(ctx)
	if want := "kpod could not read the static Pod directory of node"; !strings.Contains(out.String(), want) {
		t.Errorf("no note %q:\n%s", want, out.String())
	}
	if want := "the texts show /etc/kubernetes/manifests"; !strings.Contains(out.String(), want) {
		t.Errorf("the note does not say what the texts show (%q):\n%s", want, out.String())
	}
}

// Where the node cannot be read (k3s runs its kubelet inside the k3s
// process), the kubelet's own answer through the API gives the static Pod
// directory, as it does in the static lesson.
func TestStaticDirFromAPI(t *testing.T) {
	const k3s = "/var/lib/rancher/k3s/agent/pod-manifests"
	configz := func(context.Context, string) ([]byte, error) {
		return []byte(`{"kubeletconfig":{"staticPodPath":"` + k3s + `"}}`), nil
	}
	n := practice.NewNodes(&kube.Clients{Client: fake.NewClientset(), Configz: configz}, &downNode{}, "node-1")
	if err := n.ReadStaticDir(t.Context()); err != nil || n.StaticDir != k3s {
		t.Errorf("ReadStaticDir: %q, %v; want %s", n.StaticDir, err, k3s)
	}
}

// A Pod's IP and node and a role's image that a dry run does not know
// read as the lessons' do: <mine-node>; the practice's own node, not
// known, reads <node>.
func TestUnknownPodInTexts(t *testing.T) {
	w := &practice.World{Namespace: "kpod"}
	got := w.Fill(`{{ip "mine"}} {{node "mine"}} {{node ""}} {{image "db"}}`)
	if want := "<mine-ip> <mine-node> <node> <db-image>"; got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
}
