//go:build e2e

package static_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// firstReadyNode is the test's own choice of node, passed to kpod with --node.
func firstReadyNode(t *testing.T, c kubernetes.Interface) string {
	t.Helper()
	nodes, err := c.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range nodes.Items {
		for _, cond := range n.Status.Conditions {
			if cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue {
				names = append(names, n.Name)
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("no Ready node")
	}
	sort.Strings(names)
	return names[0]
}

// lessonNode is the node the lesson should pick by itself, from the cluster's
// own node objects: the first Ready worker, else the first Ready node; and
// whether the cluster has a Ready worker at all.
func lessonNode(t *testing.T, c kubernetes.Interface) (name string, worker bool) {
	t.Helper()
	nodes, err := c.CoreV1().Nodes().List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(nodes.Items, func(i, j int) bool { return nodes.Items[i].Name < nodes.Items[j].Name })
	for _, n := range nodes.Items {
		_, cp := n.Labels["node-role.kubernetes.io/control-plane"]
		if node.Ready(&n) && !cp {
			return n.Name, true
		}
	}
	return firstReadyNode(t, c), false
}

// manifestOnNode says whether the lesson's manifest is still in the kubelet's
// staticPodPath, looked up by the test's own host Pod.
func manifestOnNode(t *testing.T, c kubernetes.Interface, node string) (dir string, there bool) {
	t.Helper()
	dir, files := lessontest.StaticManifests(t, c, node, lessontest.Namespace)
	return dir, slices.Contains(files, "kpod-"+lessontest.Namespace+"-static-web.yaml")
}

// gone checks that the static Pod is gone: the mirror Pod from the API, and
// the manifest from the node. when ("after Ctrl-C", ...) says at what point.
func gone(t *testing.T, c kubernetes.Interface, node, mirror, when string) {
	t.Helper()
	if _, err := c.CoreV1().Pods(lessontest.Namespace).Get(context.Background(), mirror, metav1.GetOptions{}); !kube.IsNotFound(err) {
		t.Errorf("%s pod/%s is still there (err %v)", when, mirror, err)
	}
	if dir, there := manifestOnNode(t, c, node); there {
		t.Errorf("%s the manifest is still in %s on node %s", when, dir, node)
	}
}

// stepToMirror starts the lesson with --step on the test's own node and
// lets it run through the mirror step, while the static Pod runs.
func stepToMirror(t *testing.T) (c kubernetes.Interface, node, mirror string, run *lessontest.Stepped) {
	t.Helper()
	c = lessontest.Client(t)
	lessontest.Cleanup(t)
	node = firstReadyNode(t, c)
	mirror = "static-web-" + node
	run = lessontest.Step(t, "static", "--node", node)
	run.To("mirror")
	return c, node, mirror, run
}

func mirrored(p *corev1.Pod) bool {
	_, ok := p.Annotations[corev1.MirrorPodAnnotationKey]
	return ok
}

func containerID(p *corev1.Pod) string {
	if len(p.Status.ContainerStatuses) == 0 || p.Status.ContainerStatuses[0].State.Running == nil {
		return ""
	}
	return p.Status.ContainerStatuses[0].ContainerID
}

func TestStaticOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	lessontest.Cleanup(t)
	rec := lessontest.Record(t, c, lessontest.Namespace)
	node, worker := lessonNode(t, c)
	mirror := "static-web-" + node

	// No --node: kpod picks a worker where there is one, never the control
	// plane's own manifest folder unless asked.
	r := lessontest.Lesson(t, "static")
	if r.Fact("node") != node {
		t.Fatalf("kpod picked node %v; the cluster's first Ready worker (or, with none, first Ready node) is %s", r.Fact("node"), node)
	}

	// Every version of the mirror Pod, by UID, in the order they were seen.
	var uids []types.UID
	byUID := map[types.UID][]*corev1.Pod{}
	for _, p := range rec.Pod(mirror) {
		if _, ok := byUID[p.UID]; !ok {
			uids = append(uids, p.UID)
		}
		byUID[p.UID] = append(byUID[p.UID], p)
	}
	if len(uids) < 2 {
		t.Fatalf("want the mirror Pod %s seen with two UIDs (before and after the API delete), got %v", mirror, uids)
	}
	first, second := byUID[uids[0]], byUID[uids[1]]
	// It appeared, made by the kubelet: the mirror annotation, owned by the Node.
	p := first[len(first)-1]
	if !mirrored(p) {
		t.Errorf("pod/%s has no %s annotation: %v", mirror, corev1.MirrorPodAnnotationKey, p.Annotations)
	}
	if len(p.OwnerReferences) != 1 || p.OwnerReferences[0].Kind != "Node" || p.OwnerReferences[0].Name != node {
		t.Errorf("pod/%s is not owned by node %s: %+v", mirror, node, p.OwnerReferences)
	}
	if n, err := c.CoreV1().Nodes().Get(context.Background(), p.Spec.NodeName, metav1.GetOptions{}); err != nil {
		t.Error(err)
	} else if _, cp := n.Labels["node-role.kubernetes.io/control-plane"]; worker && cp {
		t.Errorf("pod/%s runs on control-plane node %s although the cluster has a Ready worker", mirror, n.Name)
	}
	for _, f := range p.ManagedFields {
		if f.Manager != "kubelet" {
			t.Errorf("pod/%s was written by %s, not only by the kubelet", mirror, f.Manager)
		}
	}
	// The API delete: the first one was marked for deletion, and came back with a new UID.
	deleted := false
	var before string
	for _, v := range first {
		deleted = deleted || v.DeletionTimestamp != nil
		if id := containerID(v); id != "" {
			before = id
		}
	}
	if !deleted {
		t.Errorf("the first pod/%s (UID %s) was never deleted through the API", mirror, uids[0])
	}
	after := ""
	for _, v := range second {
		if !mirrored(v) {
			t.Errorf("the new pod/%s (UID %s) has no mirror annotation", mirror, v.UID)
		}
		if id := containerID(v); id != "" && after == "" {
			after = id
		}
	}
	if before == "" || before != after {
		t.Errorf("the container did not keep running across the API delete: before %q, after %q", before, after)
	}
	// The file was removed: the mirror Pod is gone, and so is the file.
	gone(t, c, node, mirror, "after the lesson")
	lessontest.PodsGone(t, c, lessontest.Namespace) // deleted at the end; the kubelet stops them
	if h := lessontest.Helpers(t, c); len(h) != 0 {
		t.Errorf("kpod's node helper is still there: %v", h)
	}
	// The node commands are shown the way kpod reached the node, and the
	// staticPodPath kpod found is the one the node's kubelet config names.
	prefix, onKind := lessontest.NodeWay(t, c, node)
	cmds := r.NodeCommands()
	if len(cmds) != 4 {
		t.Errorf("want the lesson's 4 node commands, got %q", cmds)
	}
	for _, cmd := range cmds {
		if !strings.HasPrefix(cmd, prefix) && !(onKind && strings.Contains(cmd, " cp static-web.yaml "+node+":")) {
			t.Errorf("node command %q does not start with %q", cmd, prefix)
		}
	}
	if dir, _ := manifestOnNode(t, c, node); r.Fact("static-pod-path") != dir {
		t.Errorf("kpod found staticPodPath %v, the node's kubelet config says %s", r.Fact("static-pod-path"), dir)
	}
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}

// Ctrl-C while the static Pod runs: kpod still removes the file, and the
// kubelet takes the mirror Pod away.
func TestStaticInterrupted(t *testing.T) {
	c, node, mirror, run := stepToMirror(t)
	if _, there := manifestOnNode(t, c, node); !there {
		t.Fatal("the manifest is not on the node while the lesson runs")
	}
	if r := run.Interrupt(); r.Code != 130 {
		t.Errorf("kpod exited %d after Ctrl-C, want 130\nstderr: %s", r.Code, r.Stderr)
	}
	gone(t, c, node, mirror, "after Ctrl-C")
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}

// kpod killed outright leaves the static Pod running; `kpod clean` removes
// its file on the node (deleting the mirror Pod through the API would not
// stop it).
func TestStaticKilledThenClean(t *testing.T) {
	c, node, mirror, run := stepToMirror(t)
	run.Kill()
	if _, there := manifestOnNode(t, c, node); !there {
		t.Fatal("the manifest should still be on the node after kpod was killed")
	}
	r := lessontest.Kpod(t, "clean", "-n", lessontest.Namespace)
	if r.Code != 0 || !strings.Contains(r.Stdout, `pod "`+mirror+`" stopped`) {
		t.Errorf("kpod clean exited %d:\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	gone(t, c, node, mirror, "after kpod clean")
	lessontest.NothingLeft(t, c, lessontest.Namespace)
}
