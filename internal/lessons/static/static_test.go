package static

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	k8stesting "k8s.io/client-go/testing"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

func session(lang string, images map[string]string, report report.Reporter) *lessons.Session {
	env := runenv.Env{
		Lang: lang, Namespace: "kpod",
		Images: runenv.Images(images, func(string) string { return "" }),
		Clock:  clocktesting.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
	}
	return lessons.NewSession(env, Lesson, lessons.Config{DryRun: true, Values: Lesson.Defaults()}, lessontest.ReportTo(report))
}

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		out := lessontest.DryRun(t, Lesson, lang)
		for _, want := range []string{
			"kubectl debug node/<node> -it --profile=sysadmin --image=busybox:1.37 -- chroot /host grep staticPodPath <kubelet-config>",
			"kubectl debug node/<node> -i --profile=sysadmin --image=busybox:1.37 -- chroot /host sh -c 'cat > <static-pod-path>/kpod-kpod-static-web.yaml' < static-web.yaml",
			"kubectl wait --for=condition=Ready pod/static-web-<node> -n kpod",
			"kubectl delete pod static-web-<node> -n kpod",
			"kubectl debug node/<node> -it --profile=sysadmin --image=busybox:1.37 -- chroot /host rm <static-file>",
			"kubectl wait --for=delete pod/static-web-<node> -n kpod",
			"$ kubectl get pods -n kube-system\n",
			"$ kubectl get nodes\n",
			"# static-web.yaml",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: dry run lacks %q:\n%s", lang, want, out)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, Lesson, "opt.node")
}

func TestSame(t *testing.T) {
	at := metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	pod := func(uid, id string, restarts int32, started metav1.Time) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{UID: types.UID("u" + uid)}, Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{
			ContainerID: id, RestartCount: restarts, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}},
		}}}}
	}
	if !kept(pod("1", "c://a", 0, at), pod("2", "c://a", 0, at)) {
		t.Error("same container, new UID: want kept")
	}
	if kept(pod("1", "c://a", 0, at), pod("2", "c://b", 1, at)) {
		t.Error("a new container is not the same")
	}
	if kept(pod("1", "c://a", 0, at), &corev1.Pod{}) {
		t.Error("no status is not the same")
	}
}

// A cluster that refuses privileged Pods: one clear error, nothing left.
func TestNoNodeAccess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node, Labels: map[string]string{"node-role.kubernetes.io/control-plane": ""}},
		Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}},
	}
	clients, fake, err := lessontest.FakeClients(ctx, nil, n)
	if err != nil {
		t.Fatal(err)
	}
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
		return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), p.Name, errors.New("privileged"))
	})
	var out bytes.Buffer
	err = lessontest.FakeSession(Lesson, nil, clients, &out).Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "refuses a privileged helper Pod on node node-1") || !errors.Is(err, node.ErrNoAccess) {
		t.Fatalf("want a clear no-node-access error, got %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "$ ") {
		t.Errorf("node commands shown although kpod cannot reach the node:\n%s", out.String())
	}
	lessontest.NoPodsLeft(t, fake)
}

// --node names a node that is not there: one clear line.
func TestUnknownNode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node}}
	clients, _, err := lessontest.FakeClients(ctx, nil, node)
	if err != nil {
		t.Fatal(err)
	}
	s := lessontest.FakeSession(Lesson, lessons.Values{"node": "nope"}, clients, &bytes.Buffer{})
	if err := s.Run(ctx); err == nil || err.Error() != `node "nope" not found; `+"`kubectl get nodes`"+` lists them` {
		t.Errorf("got %v", err)
	}
}

// A kubelet without staticPodPath: one clear line, and no file written.
func TestNoStaticPodPath(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node},
		Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}},
	}
	exec := &lessontest.FakeExec{Answers: map[string]string{
		"chroot /host sh -c cat /var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
	}}
	clients, fake, err := lessontest.FakeClients(ctx, exec, node)
	if err != nil {
		t.Fatal(err)
	}
	// The fake kubelet runs restartPolicy Never Pods to completion; the
	// helper must stay up, as on a real node.
	fake.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		a.(k8stesting.CreateAction).GetObject().(*corev1.Pod).Spec.RestartPolicy = corev1.RestartPolicyAlways
		return false, nil, nil
	})
	var out bytes.Buffer
	err = lessontest.FakeSession(Lesson, nil, clients, &out).Run(ctx)
	want := "the kubelet on node node-1 has no staticPodPath, so it runs no static Pods"
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want one line starting %q, got %v\n%s", want, err, out.String())
	}
	for _, call := range exec.Calls {
		if strings.Contains(call, "KPOD_EOF") || strings.Contains(call, "rm ") || strings.Contains(call, "mv ") {
			t.Errorf("kpod wrote or removed a file although there is no staticPodPath: %s", call)
		}
	}
	lessontest.NoPodsLeft(t, fake)
}

// k3s and k3d are told from their recorded nodes; kind and kubeadm are not k3s.
func TestIsK3s(t *testing.T) {
	for name, want := range map[string]bool{"k3s": true, "k3d": true, "kind": false, "kubeadm-crio": false, "minikube": false} {
		data, err := os.ReadFile(filepath.Join("..", "..", "kube", "testdata", "clusters", name, "nodes.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var list corev1.NodeList
		if err := yaml.Unmarshal(data, &list); err != nil {
			t.Fatal(err)
		}
		if got := isK3s(list.Items); got != want {
			t.Errorf("%s: isK3s = %v", name, got)
		}
	}
}

// The kubelet says through the API (/configz, as recorded from a kubelet
// without staticPodPath) that it has none: the lesson stops in one line
// before it reads or writes anything on the node.
func TestNoStaticPodPathFromAPI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	configz, err := os.ReadFile(filepath.Join("..", "..", "kube", "testdata", "clusters", "nostatic", "configz.json"))
	if err != nil {
		t.Fatal(err)
	}
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node},
		Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}},
	}
	exec := &lessontest.FakeExec{}
	clients, fake, err := lessontest.FakeClients(ctx, exec, node)
	if err != nil {
		t.Fatal(err)
	}
	clients.Configz = func(context.Context, string) ([]byte, error) { return configz, nil }
	var out bytes.Buffer
	err = lessontest.FakeSession(Lesson, nil, clients, &out).Run(ctx)
	want := "the kubelet on node node-1 has no staticPodPath"
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want one line starting %q, got %v\n%s", want, err, out.String())
	}
	for _, call := range exec.Calls {
		if strings.Contains(call, "config.yaml") || strings.Contains(call, "KPOD_EOF") {
			t.Errorf("kpod went on to the node although the API said there is no staticPodPath: %s", call)
		}
	}
	lessontest.NoPodsLeft(t, fake)
}

// k3s: the API's /configz, as k3s documents it, names its folder.
func TestStaticPodPathFromAPIOnly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	configz, err := os.ReadFile(filepath.Join("..", "..", "kube", "testdata", "clusters", "k3s", "configz.json"))
	if err != nil {
		t.Fatal(err)
	}
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: lessontest.Node},
		Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}},
	}
	exec := &lessontest.FakeExec{}
	clients, _, err := lessontest.FakeClients(ctx, exec, node)
	if err != nil {
		t.Fatal(err)
	}
	clients.Configz = func(context.Context, string) ([]byte, error) { return configz, nil }
	path, known := kube.NodeStaticPodPath(ctx, clients, lessontest.Node)
	if !known || path != kube.K3sManifests {
		t.Errorf("k3s configz: staticPodPath %q, %v", path, known)
	}
}

// The control-plane step names kube-system's mirror Pods; with none, it
// says why, k3s apart; a namespace kpod may not list is a note, not a stop.
func TestControlPlane(t *testing.T) {
	mirror := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "etcd-node-1", Namespace: "kube-system",
		Annotations: map[string]string{corev1.MirrorPodAnnotationKey: "x"}}}
	plain := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "coredns-1", Namespace: "kube-system"}}
	for _, tc := range []struct {
		k3s  bool
		pods []corev1.Pod
		err  error
		want string
	}{
		{false, []corev1.Pod{plain, mirror}, nil, "Mirror Pods among them (static Pods): etcd-node-1."},
		{false, []corev1.Pod{plain}, nil, "None of them is a mirror Pod: here the control plane runs outside of Pods."},
		{true, []corev1.Pod{plain}, nil, "None of them is a mirror Pod: k3s runs the API server"},
		{false, nil, errors.New("forbidden"), "kpod may not list kube-system's Pods here: forbidden"},
	} {
		var buf bytes.Buffer
		s := session("en", nil, report.NewHuman(&buf))
		c := &controlPlane{k3s: tc.k3s}
		out, err := c.system(s.View(), tc.pods, tc.err)
		got := out.Text
		for _, n := range out.Notes {
			got += n.Line.Text
		}
		if err != nil || !strings.Contains(got, tc.want) {
			t.Errorf("k3s %v, %d Pods, %v: %v, no %q in\n%s", tc.k3s, len(tc.pods), tc.err, err, tc.want, got)
		}
	}
}
