package cli

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	authv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	fakediscovery "k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// cluster answers access reviews with allow, and privileged dry runs with
// admit; it records the dry runs.
func cluster(c *fake.Clientset, allow func(*authv1.ResourceAttributes) bool, admit error) *[]*corev1.Pod {
	var dry []*corev1.Pod
	c.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		r := a.(k8stesting.CreateAction).GetObject().(*authv1.SelfSubjectAccessReview)
		r.Status.Allowed = allow(r.Spec.ResourceAttributes)
		return true, r, nil
	})
	c.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		ca := a.(k8stesting.CreateActionImpl)
		if len(ca.CreateOptions.DryRun) == 0 {
			return false, nil, nil
		}
		p := ca.GetObject().(*corev1.Pod)
		dry = append(dry, p)
		return true, p, admit
	})
	return &dry
}

func allowAll(*authv1.ResourceAttributes) bool { return true }

func doctorApp(t *testing.T, tm *testMachine) *App {
	app, _, _ := newApp(func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return &kube.Clients{Client: tm.client, Context: "kind-kpod", Server: "https://127.0.0.1:41234"}, nil
	})
	app.Machine = tm.machine
	return app
}

func TestDoctorAllGood(t *testing.T) {
	tm := newTestMachine(t, nil, kpodNodes(lessonImages...)...)
	tm.client.Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &version.Info{GitVersion: "v1.37.0"}
	dry := cluster(tm.client, allowAll, nil)
	r := run(t, doctorApp(t, tm), context.Background(), "doctor")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{
		"✓ container engine docker 28.0.0",
		"✓ cluster          context kind-kpod at https://127.0.0.1:41234, Kubernetes v1.37.0",
		"✓ nodes            3 of 3 nodes Ready (kind cluster kpod, made by kpod)",
		"✓ permissions      you may do all 24 things the lessons do in namespace kpod",
		"✓ node access      a privileged hostPID helper Pod is allowed in namespace default (server-side dry run) (namespace kpod does not exist yet)",
		"✓ lesson images    nginx:1.30-alpine, busybox:1.37 on every Ready node",
		"✓ kubectl          /usr/bin/kubectl",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("doctor lacks %q:\n%s", want, r.out)
		}
	}
	if len(*dry) != 1 {
		t.Fatalf("%d dry runs", len(*dry))
	}
	p := (*dry)[0]
	if !p.Spec.HostPID || !*p.Spec.Containers[0].SecurityContext.Privileged || p.Spec.Containers[0].Image != "busybox:1.37" {
		t.Errorf("dry-run Pod is not the node helper: %+v", p.Spec)
	}
	if pods, _ := tm.client.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{}); len(pods.Items) != 0 {
		t.Error("doctor made a Pod")
	}
}

func TestDoctorFindsProblems(t *testing.T) {
	tm := newTestMachine(t, nil, kpodNodes("nginx:1.30-alpine")...)
	tm.detectErr = ui.Err("err.kind.docker.down", ui.F{"Why": "Cannot connect"})
	tm.kubectl = false
	noExec := func(a *authv1.ResourceAttributes) bool { return a.Subresource != "exec" }
	psa := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", errors.New(`violates PodSecurity "baseline:latest": privileged (container "node" must not set securityContext.privileged=true)`))
	cluster(tm.client, noExec, psa)
	app := doctorApp(t, tm)
	r := run(t, app, context.Background(), "doctor", "-n", "class1")
	if r.code != 1 || !strings.Contains(r.err, "error: 2 of 7 checks failed") {
		t.Fatalf("exit %d, stderr %q", r.code, r.err)
	}
	for _, want := range []string{
		"! container engine docker is installed but its daemon is not running (Cannot connect)",
		"fix: only needed for `kpod cluster` and `kpod images`: start it with `sudo systemctl start docker`",
		"✗ permissions      in namespace class1 you may not: create pods/exec",
		"kubectl create rolebinding kpod --clusterrole=edit --user=YOU -n class1",
		"✗ node access      the cluster refuses a privileged hostPID helper Pod in namespace default",
		"! lesson images    busybox:1.37 is on no node: the nodes will pull them when a lesson runs",
		"fix: without a network, put them on the nodes first with `kpod images load`",
		"! kubectl          not on PATH",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("doctor lacks %q:\n%s", want, r.out)
		}
	}
}

func TestDoctorWithoutCluster(t *testing.T) {
	tm := newTestMachine(t, nil)
	app, _, _ := newApp(func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return nil, ui.Err("err.kube.hint", nil).Because(ui.Err("err.kube.unreachable", ui.F{"Context": "kind-kpod", "Server": "https://127.0.0.1:41234"}).Because(ui.Err("err.kube.refused", nil)))
	})
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "doctor", "-o", "json")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	var checks []Check
	for _, l := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var c Check
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		checks = append(checks, c)
	}
	if len(checks) != 7 {
		t.Fatalf("%d checks", len(checks))
	}
	got := ""
	for _, c := range checks {
		got += string(c.Status) + " "
	}
	if got != "ok fail skip skip skip skip ok " {
		t.Errorf("statuses %q", got)
	}
	if c := checks[1]; c.Detail != `cannot reach the cluster of context "kind-kpod" at https://127.0.0.1:41234: connection refused` || !strings.Contains(c.Fix, "kpod cluster create") {
		t.Errorf("cluster check = %+v", c)
	}
}

func TestDoctorNodesNotReady(t *testing.T) {
	nodes := kpodNodes(lessonImages...)
	for _, o := range nodes {
		o.(*corev1.Node).Status.Conditions[0].Status = corev1.ConditionFalse
	}
	tm := newTestMachine(t, nil, nodes...)
	cluster(tm.client, allowAll, nil)
	r := run(t, doctorApp(t, tm), context.Background(), "doctor")
	if r.code != 1 || !strings.Contains(r.out, "✗ nodes            no node is Ready (3 nodes)") || !strings.Contains(r.out, "- node access      no Ready node to try it on") {
		t.Errorf("exit %d\n%s", r.code, r.out)
	}
	_ = kind.OwnerLabel
}

func TestImagesCheckSaysWhereImagesAre(t *testing.T) {
	with := kpodNodes(lessonImages...)
	var nodes []corev1.Node
	for _, o := range with {
		nodes = append(nodes, *o.(*corev1.Node))
	}
	nodes[2].Status.Images = nodes[2].Status.Images[:1]
	c := imagesCheck(nodes, lessonImages, english)
	if c.Status != CheckWarn || c.Detail != "busybox:1.37 is not on kpod-worker2: the nodes will pull them when a lesson runs" {
		t.Errorf("kpod cluster: %+v", c)
	}
	for i := range nodes {
		delete(nodes[i].Labels, kind.OwnerLabel)
		nodes[i].Spec.ProviderID = strings.Replace(nodes[i].Spec.ProviderID, "/kpod/", "/dev/", 1)
	}
	if c := imagesCheck(nodes, lessonImages, english); !strings.Contains(c.Fix, "kind load docker-image --name dev IMAGE") {
		t.Errorf("someone's kind cluster: %+v", c)
	}
	for i := range nodes {
		nodes[i].Spec.ProviderID = "gce://project/zone/node"
	}
	if c := imagesCheck(nodes, lessonImages, english); !strings.Contains(c.Fix, "crictl pull") {
		t.Errorf("other cluster: %+v", c)
	}
}

// english says a message key in English.
func english(key string, facts ui.F) string { return text.Say("en", key, facts) }
