package nodeway_test

import (
	"context"
	"errors"
	"testing"
	"time"

	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"sigs.k8s.io/kind/pkg/cluster/nodes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/nodeway"
	"github.com/kpod-dev/kpod/internal/text"
)

func newNode(name, providerID string) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: corev1.NodeSpec{ProviderID: providerID}}
}

func namespace(name, level string) *corev1.Namespace {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if level != "" {
		ns.Labels = map[string]string{kube.PodSecurityEnforce: level}
	}
	return ns
}

// cluster is a fake API server where the user may do all but deny
// (resources, as "nodes"), and a dry run stores nothing.
func cluster(deny string, objects ...runtime.Object) (*kube.Clients, *fake.Clientset) {
	c := fake.NewClientset(objects...)
	c.PrependReactor("create", "*", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if ca, ok := a.(k8stesting.CreateActionImpl); ok && len(ca.CreateOptions.DryRun) > 0 {
			return true, ca.GetObject(), nil
		}
		return false, nil, nil
	})
	c.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		r := a.(k8stesting.CreateAction).GetObject().(*authv1.SelfSubjectAccessReview).DeepCopy()
		r.Status.Allowed = r.Spec.ResourceAttributes.Resource != deny
		return true, r, nil
	})
	return &kube.Clients{Client: c}, c
}

// count is how many actions of verb on resource the fake API server saw.
func count(c *fake.Clientset, verb, resource string) int {
	n := 0
	for _, a := range c.Actions() {
		if a.GetVerb() == verb && a.GetResource().Resource == resource {
			n++
		}
	}
	return n
}

func keys(notes []nodeway.Note) []string {
	var out []string
	for _, n := range notes {
		out = append(out, n.Key)
	}
	return out
}

var options = nodeway.Options{Namespace: "kpod", Image: "busybox", Labels: map[string]string{"app": "kpod"}, Timeout: time.Minute}

// Nodes that are containers of a kind cluster on this machine are reached
// with docker exec, found without the namespace and without a helper Pod.
func TestKindNodes(t *testing.T) {
	clients, c := cluster("", newNode("kpod-control-plane", "kind://docker/kpod/kpod-control-plane"))
	o := options
	o.KindNodes = func(engine, cluster string) ([]nodes.Node, error) {
		return []nodes.Node{&kindtest.Node{Name: "kpod-control-plane"}}, nil
	}
	found, err := nodeway.New(clients, o).Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := found.Access.(*kind.Exec); !ok {
		t.Fatalf("access %T, want *kind.Exec", found.Access)
	}
	if len(found.Nodes) != 1 || found.NamespaceReady {
		t.Errorf("found %d nodes, namespace ready %v", len(found.Nodes), found.NamespaceReady)
	}
	if len(found.Notes) != 1 || found.Notes[0].In(text.Scene{Lang: "en"}) != "kpod reaches the nodes with `docker exec`: they are containers of kind cluster kpod on this machine. The node commands below are the ones you would type. Each `kubectl debug node/...` you run leaves a Pod named `node-debugger-NODE-...` behind; remove them with `kubectl get pods -o name | grep node-debugger- | xargs kubectl delete`." {
		t.Errorf("notes %v", found.Notes)
	}
	if n := count(c, "create", "pods"); n != 0 {
		t.Errorf("%d Pods asked for", n)
	}
}

// Elsewhere, in a namespace that is there and privileged, Check tries a
// helper Pod in a server-side dry run and takes that way, with the
// options' image, labels and timeout.
func TestHelperPodInNamespace(t *testing.T) {
	clients, c := cluster("", newNode("node-1", ""), namespace("kpod", ""))
	found, err := nodeway.New(clients, options).Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h, ok := found.Access.(*node.HelperPods)
	if !ok {
		t.Fatalf("access %T, want *node.HelperPods", found.Access)
	}
	if h.Namespace != "kpod" || h.Image != "busybox" || h.Labels["app"] != "kpod" || h.Timeout != time.Minute {
		t.Errorf("helper Pods %+v", h)
	}
	if !found.NamespaceReady || len(found.Nodes) != 1 {
		t.Errorf("namespace ready %v, %d nodes", found.NamespaceReady, len(found.Nodes))
	}
	if got := keys(found.Notes); len(got) != 1 || got[0] != "ui.node.way" {
		t.Errorf("notes %q", got)
	}
	if n := count(c, "create", "pods"); n != 1 {
		t.Errorf("%d Pods asked for, want the one dry run", n)
	}
	if pods, _ := c.CoreV1().Pods("kpod").List(context.Background(), metav1.ListOptions{}); len(pods.Items) != 0 {
		t.Errorf("the dry run made %d Pods", len(pods.Items))
	}
}

// Without the namespace, Check finds no way yet and makes nothing; Find,
// once the caller made it, tries the helper Pod without listing the nodes
// again.
func TestNamespaceMadeBetween(t *testing.T) {
	clients, c := cluster("", newNode("node-1", ""))
	w := nodeway.New(clients, options)
	found, err := w.Check(context.Background())
	if err != nil || found.Access != nil || found.NamespaceReady || len(found.Nodes) != 1 || len(found.Notes) != 0 {
		t.Fatalf("Check: %+v, %v", found, err)
	}
	found, err = w.Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := found.Access.(*node.HelperPods); !ok || found.NamespaceReady {
		t.Errorf("Find: access %T, namespace ready %v", found.Access, found.NamespaceReady)
	}
	if got := keys(found.Notes); len(got) != 1 || got[0] != "ui.node.way" {
		t.Errorf("notes %q", got)
	}
	if n := count(c, "list", "nodes"); n != 1 {
		t.Errorf("nodes listed %d times", n)
	}
}

// What stops the way is one error, keyed in the way's words.
func TestRefused(t *testing.T) {
	for _, tc := range []struct {
		name, deny string
		objects    []runtime.Object
		key        string
	}{
		{"no right to list nodes", "nodes", []runtime.Object{newNode("node-1", "")}, "err.preflight.denied"},
		{"no right to exec", "pods", []runtime.Object{newNode("node-1", "")}, "err.preflight.denied"},
		{"pod security", "", []runtime.Object{newNode("node-1", ""), namespace("kpod", "baseline")}, "err.preflight.podsecurity"},
		{"no nodes", "", []runtime.Object{namespace("kpod", "")}, "err.nodeway.none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clients, c := cluster(tc.deny, tc.objects...)
			_, err := nodeway.New(clients, options).Find(context.Background())
			if got := text.Key(err); got != tc.key {
				t.Errorf("error %v, key %q, want %q", err, got, tc.key)
			}
			if n := count(c, "create", "pods"); tc.key != "err.nodeway.none" && n != 0 {
				t.Errorf("%d Pods asked for", n)
			}
		})
	}
}

// A cluster that refuses the helper Pod says why docker exec would not do
// either.
func TestHelperRefused(t *testing.T) {
	clients, c := cluster("", newNode("node-1", ""), namespace("kpod", ""))
	c.PrependReactor("create", "pods", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "kpod-node", errors.New("privileged Pods are not allowed"))
	})
	_, err := nodeway.New(clients, options).Find(context.Background())
	if text.Key(err) != "err.nodeway.reach" || !errors.Is(err, node.ErrNoAccess) {
		t.Errorf("error %v", err)
	}
}

// Given a way, Find only lists the nodes.
func TestGivenAccess(t *testing.T) {
	clients, c := cluster("", newNode("node-1", ""))
	o := options
	o.Access = nodeway.Shown("busybox")
	found, err := nodeway.New(clients, o).Find(context.Background())
	if err != nil || found.Access != o.Access || len(found.Nodes) != 1 || len(found.Notes) != 0 {
		t.Errorf("found %+v, %v", found, err)
	}
	if n := count(c, "create", "selfsubjectaccessreviews") + count(c, "create", "pods"); n != 0 {
		t.Errorf("%d questions or Pods asked for", n)
	}
}

// helpers hears of each helper Pod the way makes.
type helpers struct{ made []nodeway.Note }

func (h *helpers) Making(pod string, n nodeway.Note) { h.made = append(h.made, n) }

func (h *helpers) Wait(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}, nil
}

// Helpers hears of each helper Pod before it is made, with its note, and
// waits for it.
func TestHelpersHearOfEachPod(t *testing.T) {
	clients, _ := cluster("", newNode("node-1", ""), namespace("kpod", ""))
	clients.Exec = func(ctx context.Context, namespace, pod, container string, cmd []string) (string, string, error) {
		return "ok", "", nil
	}
	hs := &helpers{}
	o := options
	o.Helpers = hs
	found, err := nodeway.New(clients, o).Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if out, err := found.Access.Run(context.Background(), "node-1", "true"); err != nil || out != "ok" {
		t.Fatalf("ran: %q, %v", out, err)
	}
	if len(hs.made) != 1 || hs.made[0].Key != "ui.node.helper" || hs.made[0].Facts["Node"] != "node-1" {
		t.Errorf("heard %v", hs.made)
	}
}
