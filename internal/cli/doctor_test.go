package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
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
	"sigs.k8s.io/yaml"

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

func doctorApp(t *testing.T, tm *testMachine) *Factory {
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
	tm.detectErr = kind.Words().Err("err.kind.docker.down", text.Facts{"Why": "Cannot connect"})
	tm.kubectl = false
	noExec := func(a *authv1.ResourceAttributes) bool { return a.Subresource != "exec" }
	psa := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", errors.New(`violates PodSecurity "baseline:latest": privileged (container "node" must not set securityContext.privileged=true)`))
	cluster(tm.client, noExec, psa)
	app := doctorApp(t, tm)
	r := run(t, app, context.Background(), "doctor", "-n", "class1")
	if r.code != 1 || !strings.Contains(r.err, "error: 2 of 8 checks failed") {
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
		return nil, kube.Words().Err("err.kube.hint", nil).Because(kube.Words().Err("err.kube.unreachable", text.Facts{"Context": "kind-kpod", "Server": "https://127.0.0.1:41234"}).Because(kube.Words().Err("err.kube.refused", nil)))
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
	if len(checks) != 8 {
		t.Fatalf("%d checks", len(checks))
	}
	got := ""
	for _, c := range checks {
		got += string(c.Status) + " "
	}
	if got != "ok fail skip skip skip skip skip ok " {
		t.Errorf("statuses %q", got)
	}
	if c := checks[1]; c.Detail != `cannot reach the cluster of context "kind-kpod" at https://127.0.0.1:41234: connection refused` || !strings.Contains(c.Fix, "kpod cluster create") {
		t.Errorf("cluster check = %+v", c)
	}

	// As a kubectl plugin, the fixes name kpod's commands as the user types them.
	app.Name = "kubectl kpod"
	app.Streams.Out.(*bytes.Buffer).Reset()
	app.Streams.ErrOut.(*bytes.Buffer).Reset()
	r = run(t, app, context.Background(), "doctor")
	if !strings.Contains(r.out, "`kubectl kpod cluster create`") || strings.Contains(r.out, "`kpod ") {
		t.Errorf("kubectl kpod doctor:\n%s", r.out)
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
	if c.Status != ui.Warn || c.Detail != "busybox:1.37 is not on kpod-worker2: the nodes will pull them when a lesson runs" {
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
func english(key string, facts text.Facts) string {
	return (text.Scene{Lang: "en"}).Say(words, key, facts)
}

// recordedCluster is a test machine whose cluster is one recorded under
// internal/kube/testdata/clusters: its nodes, and its kubelets' /configz
// (forbidden when the recording has none).
func recordedCluster(t *testing.T, name string) (*testMachine, kube.ConfigzFunc) {
	t.Helper()
	dir := filepath.Join("..", "kube", "testdata", "clusters", name)
	data, err := os.ReadFile(filepath.Join(dir, "nodes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var list corev1.NodeList
	if err := yaml.UnmarshalStrict(data, &list); err != nil {
		t.Fatal(err)
	}
	var objs []runtime.Object
	for i := range list.Items {
		objs = append(objs, &list.Items[i])
	}
	configz, err := os.ReadFile(filepath.Join(dir, "configz.json"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	read := func(_ context.Context, node string) ([]byte, error) {
		if configz == nil {
			return nil, apierrors.NewForbidden(schema.GroupResource{Resource: "nodes/proxy"}, node, errors.New("no nodes/proxy"))
		}
		return configz, nil
	}
	return newTestMachine(t, nil, objs...), read
}

func recordedApp(t *testing.T, tm *testMachine, configz kube.ConfigzFunc) *Factory {
	app, _, _ := newApp(func(context.Context, *genericclioptions.ConfigFlags) (*kube.Clients, error) {
		return &kube.Clients{Client: tm.client, Context: "lab", Server: "https://10.0.0.1:6443", Configz: configz}, nil
	})
	app.Machine = tm.machine
	return app
}

func TestDoctorNamesTheCluster(t *testing.T) {
	for _, c := range []struct {
		cluster string
		want    []string
		not     []string
	}{
		{"kind", []string{"✓ distribution     kind, 3 nodes (1 control plane, 2 workers); containerd 2.1.1; static Pods from /etc/kubernetes/manifests\n"},
			[]string{"pause lesson", "static lesson"}},
		{"kpod-e2e", []string{"✓ distribution     distribution not recognised, 1 node (1 control plane); containerd 1.6.20; static Pods from /etc/kubernetes/manifests\n"}, nil},
		{"minikube", []string{"✓ distribution     minikube, 1 node (1 control plane); docker 27.4.1; static Pods from /etc/kubernetes/manifests\n"}, nil},
		{"docker-desktop", []string{"✓ distribution     Docker Desktop, 1 node (1 control plane); docker 27.4.0; static Pods from /etc/kubernetes/manifests\n"}, nil},
		{"k3s", []string{"✓ distribution     k3s (the control plane runs inside the k3s process: no control-plane mirror Pods), 2 nodes (1 control plane, 1 worker); containerd 1.7.23-k3s2; static Pods from /var/lib/rancher/k3s/agent/pod-manifests\n"}, nil},
		{"k3d", []string{"✓ distribution     k3d (the control plane runs inside the k3s process", "3 nodes (1 control plane, 2 workers)", "/var/lib/rancher/k3s/agent/pod-manifests"}, nil},
		{"kubeadm-crio", []string{
			"✓ distribution     kubeadm, 2 nodes (1 control plane, 1 worker); cri-o 1.32.1; static Pods from /etc/kubernetes/manifests\n",
			"! pause lesson     CRI-O on cp-1, node-1 may run Pods without a pause container (drop_infra_ctr, on by default in recent CRI-O; the API does not show it): the pause lesson may find no pause process\n",
			"fix: to see one, give the Pod `shareProcessNamespace: true`",
		}, []string{"static lesson"}},
		{"eks", []string{"✓ distribution     EKS, 2 nodes; containerd 1.7.25; staticPodPath unknown (cannot read the kubelet's /configz)\n"}, nil},
		{"gke", []string{"✓ distribution     GKE, 2 nodes; containerd 1.7.24; static Pods from /etc/kubernetes/manifests\n"}, nil},
		{"aks", []string{"✓ distribution     AKS, 2 nodes; containerd 1.7.25-1; static Pods from /etc/kubernetes/manifests\n"}, nil},
		{"nostatic", []string{
			"✓ distribution     distribution not recognised, 1 node (1 control plane); containerd 1.7.27; no staticPodPath\n",
			"! static lesson    no kubelet has a staticPodPath: the static lesson cannot run here\n",
			"fix: set staticPodPath in the kubelet's config",
		}, []string{"pause lesson"}},
	} {
		t.Run(c.cluster, func(t *testing.T) {
			tm, configz := recordedCluster(t, c.cluster)
			cluster(tm.client, allowAll, nil)
			r := run(t, recordedApp(t, tm, configz), context.Background(), "doctor", "--width", "300")
			if r.code != 0 {
				t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
			}
			for _, want := range c.want {
				if !strings.Contains(r.out, want) {
					t.Errorf("doctor lacks %q:\n%s", want, r.out)
				}
			}
			for _, not := range c.not {
				if strings.Contains(r.out, not) {
					t.Errorf("doctor has %q:\n%s", not, r.out)
				}
			}
			// The line comes right after the nodes, and the rest is as before.
			if n, d, p := strings.Index(r.out, "✓ nodes "), strings.Index(r.out, "✓ distribution "), strings.Index(r.out, "✓ permissions "); n < 0 || n > d || d > p {
				t.Errorf("order:\n%s", r.out)
			}
		})
	}
}

func TestDoctorNamesTheClusterInKorean(t *testing.T) {
	for _, c := range []struct {
		cluster string
		want    []string
	}{
		{"kind", []string{"✓ 배포판           kind, 노드 3개(컨트롤 플레인 1개, 워커 2개), containerd 2.1.1, 스태틱 파드 디렉터리 /etc/kubernetes/manifests\n"}},
		{"kubeadm-crio", []string{"! pause 실습       cp-1, node-1 노드의 CRI-O는 pause 컨테이너(인프라 컨테이너) 없이 파드를 실행할 수 있습니다."}},
		{"nostatic", []string{"! static 실습      어느 노드의 kubelet에도 staticPodPath가 없습니다. 이 클러스터에서는 static 실습을 할 수 없습니다\n"}},
		{"k3s", []string{"k3s(컨트롤 플레인이 k3s 프로세스 안에서 돌아 미러 파드가 없음)"}},
		{"eks", []string{"EKS, 노드 2개, containerd 1.7.25, kubelet의 /configz를 읽지 못해 staticPodPath를 확인할 수 없음\n"}},
		{"kpod-e2e", []string{"✓ 배포판           알 수 없는 배포판, 노드 1개(컨트롤 플레인 1개), containerd 1.6.20"}},
	} {
		t.Run(c.cluster, func(t *testing.T) {
			tm, configz := recordedCluster(t, c.cluster)
			cluster(tm.client, allowAll, nil)
			r := run(t, recordedApp(t, tm, configz), context.Background(), "doctor", "--lang", "ko", "--width", "300")
			for _, want := range c.want {
				if !strings.Contains(r.out, want) {
					t.Errorf("doctor lacks %q:\n%s", want, r.out)
				}
			}
			requireKorean(t, "doctor on "+c.cluster, r.out)
		})
	}
}

// Without a node list there is nothing to name.
func TestDoctorDistributionWithoutNodes(t *testing.T) {
	tm := newTestMachine(t, nil)
	tm.client.PrependReactor("list", "nodes", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "nodes"}, "", errors.New("no"))
	})
	cluster(tm.client, allowAll, nil)
	r := run(t, doctorApp(t, tm), context.Background(), "doctor")
	if !strings.Contains(r.out, "- distribution     no node list to read\n") {
		t.Errorf("exit %d\n%s", r.code, r.out)
	}
}

// Kubelets that differ, and kubelets that do not answer.
func TestDistributionChecksMixed(t *testing.T) {
	tm, configz := recordedCluster(t, "kind")
	some := func(ctx context.Context, node string) ([]byte, error) {
		if node == "kpod-control-plane" {
			return configz(ctx, node)
		}
		return []byte(`{"kubeletconfig":{"syncFrequency":"1m0s"}}`), nil
	}
	checks := distributionChecks(context.Background(), &kube.Clients{Client: tm.client, Configz: some}, english)
	if len(checks) != 2 || checks[0].Detail != "kind, 3 nodes (1 control plane, 2 workers); containerd 2.1.1; static Pods from /etc/kubernetes/manifests" ||
		checks[1].Name != "static lesson" || checks[1].Status != ui.Warn ||
		checks[1].Detail != "the kubelet on kpod-worker, kpod-worker2 has no staticPodPath: the static lesson cannot run there" {
		t.Errorf("%+v", checks)
	}
	none := func(context.Context, string) ([]byte, error) { return nil, errors.New("no route to host") }
	checks = distributionChecks(context.Background(), &kube.Clients{Client: tm.client, Configz: none}, english)
	if len(checks) != 1 || checks[0].Status != ui.OK ||
		checks[0].Detail != "kind, 3 nodes (1 control plane, 2 workers); containerd 2.1.1; staticPodPath unknown (cannot read the kubelet's /configz); kind documents /etc/kubernetes/manifests" {
		t.Errorf("%+v", checks)
	}
}
