package kube

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"
)

// recorded loads testdata/clusters/NAME: its nodes (`kubectl get nodes -o
// yaml`) and, when there is one, configz.json, the answer every kubelet
// gives to /configz (without one, /configz is forbidden).
func recorded(t *testing.T, name string) ([]corev1.Node, []byte) {
	t.Helper()
	dir := filepath.Join("testdata", "clusters", name)
	data, err := os.ReadFile(filepath.Join(dir, "nodes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var list corev1.NodeList
	if err := yaml.UnmarshalStrict(data, &list); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	configz, err := os.ReadFile(filepath.Join(dir, "configz.json"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return list.Items, configz
}

func TestReadClusterRecorded(t *testing.T) {
	for _, c := range []struct {
		name     string
		dist     Distribution
		nodes    int
		cp       int
		runtimes []string
		static   []string // the staticPodPaths read; none when /configz is forbidden
		crio     bool
	}{
		// kpod's own test cluster, recorded: built from source, no kubeadm, no providerID.
		{"kpod-e2e", DistUnknown, 1, 1, []string{"containerd 1.6.20"}, []string{KubeadmManifests}, false},
		{"kind", DistKind, 3, 1, []string{"containerd 2.1.1"}, []string{KubeadmManifests}, false},
		{"minikube", DistMinikube, 1, 1, []string{"docker 27.4.1"}, []string{KubeadmManifests}, false},
		{"k3s", DistK3s, 2, 1, []string{"containerd 1.7.23-k3s2"}, []string{K3sManifests}, false},
		{"k3d", DistK3d, 3, 1, []string{"containerd 1.7.23-k3s2"}, []string{K3sManifests}, false},
		{"docker-desktop", DistDockerDesktop, 1, 1, []string{"docker 27.4.0"}, []string{KubeadmManifests}, false},
		{"kubeadm-crio", DistKubeadm, 2, 1, []string{"cri-o 1.32.1"}, []string{KubeadmManifests}, true},
		{"eks", DistEKS, 2, 0, []string{"containerd 1.7.25"}, nil, false},
		{"gke", DistGKE, 2, 0, []string{"containerd 1.7.24"}, []string{KubeadmManifests}, false},
		{"aks", DistAKS, 2, 0, []string{"containerd 1.7.25-1"}, []string{KubeadmManifests}, false},
		{"nostatic", DistUnknown, 1, 1, []string{"containerd 1.7.27"}, []string{""}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			nodes, configz := recorded(t, c.name)
			var objs []runtime.Object
			for i := range nodes {
				objs = append(objs, &nodes[i])
			}
			var mu sync.Mutex
			var asked []string
			read := func(_ context.Context, node string) ([]byte, error) {
				mu.Lock()
				defer mu.Unlock()
				asked = append(asked, node)
				if configz == nil {
					return nil, errors.New(`nodes "` + node + `" is forbidden: User "student" cannot get resource "nodes/proxy"`)
				}
				return configz, nil
			}
			info, err := ReadCluster(context.Background(), fake.NewClientset(objs...), WithConfigz(read))
			if err != nil {
				t.Fatal(err)
			}
			if len(asked) != len(nodes) {
				t.Errorf("asked %d kubelets for /configz, want %d", len(asked), len(nodes))
			}
			if info.Distribution != c.dist || len(info.Nodes) != c.nodes || info.ControlPlanes() != c.cp {
				t.Errorf("distribution %q, %d nodes, %d control planes; want %q, %d, %d", info.Distribution, len(info.Nodes), info.ControlPlanes(), c.dist, c.nodes, c.cp)
			}
			if got := info.Runtimes(); !reflect.DeepEqual(got, c.runtimes) {
				t.Errorf("runtimes %q, want %q", got, c.runtimes)
			}
			if got := info.StaticPodPaths(); !reflect.DeepEqual(got, c.static) {
				t.Errorf("static Pod paths %q, want %q", got, c.static)
			}
			if got := len(info.CRIO()) > 0; got != c.crio {
				t.Errorf("CRI-O %v, want %v", got, c.crio)
			}
			for _, n := range info.Nodes {
				if n.KubeletVersion == "" || n.OSImage == "" || n.Runtime == "" {
					t.Errorf("node %s: %+v", n.Name, n)
				}
				if n.Configz != (configz != nil) {
					t.Errorf("node %s: configz read %v", n.Name, n.Configz)
				}
			}
		})
	}
}

func TestReadClusterNodeDetails(t *testing.T) {
	nodes, configz := recorded(t, "kind")
	info := Cluster(nodes, map[string][]byte{"kpod-control-plane": configz})
	want := NodeInfo{
		Name: "kpod-control-plane", Roles: []string{"control-plane"}, ControlPlane: true,
		Runtime: "containerd", RuntimeVersion: "2.1.1", KubeletVersion: "v1.33.1",
		OSImage: "Debian GNU/Linux 12 (bookworm)", Provider: "kind",
		Configz: true, StaticPodPath: KubeadmManifests,
	}
	if got, _ := info.Node("kpod-control-plane"); !reflect.DeepEqual(got, want) {
		t.Errorf("control plane:\n got %+v\nwant %+v", got, want)
	}
	if w, _ := info.Node("kpod-worker"); w.Configz || w.StaticPodPath != "" || w.ControlPlane || len(w.Roles) != 0 {
		t.Errorf("worker without configz: %+v", w)
	}
	if info.Provider != "kind" || info.DocumentedStaticPodPath() != KubeadmManifests {
		t.Errorf("provider %q, documented %q", info.Provider, info.DocumentedStaticPodPath())
	}

	k3s, _ := recorded(t, "k3s")
	if got := Cluster(k3s, nil); got.DocumentedStaticPodPath() != K3sManifests || got.Nodes[0].Roles[1] != "master" {
		t.Errorf("k3s: %+v", got)
	}
	crio, _ := recorded(t, "kubeadm-crio")
	if got := Cluster(crio, nil).CRIO(); !reflect.DeepEqual(got, []string{"cp-1", "node-1"}) {
		t.Errorf("CRI-O nodes %q", got)
	}
	nostatic, configz := recorded(t, "nostatic")
	if got := Cluster(nostatic, map[string][]byte{"lab": configz}).NoStatic(); !reflect.DeepEqual(got, []string{"lab"}) {
		t.Errorf("no staticPodPath on %q", got)
	}
}

// Signals weaker than a providerID or a label: names, a kubeadm
// annotation, a providerID alone, and what none of them fits.
func TestDistributionSignals(t *testing.T) {
	n := func(name, runtime, providerID string) corev1.Node {
		var node corev1.Node
		node.Name, node.Spec.ProviderID = name, providerID
		node.Status.NodeInfo.ContainerRuntimeVersion = runtime
		return node
	}
	kubeadm := n("cp", "containerd://1.7.1", "")
	kubeadm.Annotations = map[string]string{kubeadmCRISocket: "unix:///run/containerd/containerd.sock"}
	tainted := n("cp", "containerd://1.7.1", "")
	tainted.Labels = map[string]string{kubeadmExcludeLB: ""}
	tainted.Spec.Taints = []corev1.Taint{{Key: controlPlane, Effect: corev1.TaintEffectNoSchedule}}
	onAWS := kubeadm
	onAWS.Spec.ProviderID = "aws:///eu-west-1a/i-0123"
	named := func(name string, node corev1.Node) corev1.Node { node.Name = name; return node }
	k3dImage := n("agent", "containerd://1.7.23-k3s2", "")
	k3dImage.Status.NodeInfo.OSImage = "K3s v1.31.5+k3s1"
	kpodKind := n("kpod-worker", "containerd://2.1.1", "")
	kpodKind.Labels = map[string]string{kpodClusterLabel: "kpod"}
	for _, c := range []struct {
		what  string
		nodes []corev1.Node
		want  Distribution
	}{
		{"none", nil, DistUnknown},
		{"kind names, containerd", []corev1.Node{n("dev-control-plane", "containerd://2.1.1", ""), n("dev-worker", "containerd://2.1.1", ""), n("dev-worker2", "containerd://2.1.1", "")}, DistKind},
		{"kind names, two clusters", []corev1.Node{n("a-control-plane", "containerd://2.1.1", ""), n("b-worker", "containerd://2.1.1", "")}, DistUnknown},
		{"kind names, docker", []corev1.Node{n("dev-control-plane", "docker://27.0.1", "")}, DistUnknown},
		{"kpod's mark", []corev1.Node{kpodKind}, DistKind},
		{"kubeadm, named like kind", []corev1.Node{named("prod-control-plane", kubeadm), named("prod-worker", kubeadm)}, DistKubeadm},
		{"k3s by its OS image", []corev1.Node{k3dImage}, DistK3s},
		{"Docker Desktop on kind", []corev1.Node{n("desktop-control-plane", "containerd://1.7.1", "kind://docker/desktop/desktop-control-plane"), n("desktop-worker", "containerd://1.7.1", "kind://docker/desktop/desktop-worker")}, DistDockerDesktop},
		{"kubeadm annotation", []corev1.Node{kubeadm}, DistKubeadm},
		{"kubeadm taint and label", []corev1.Node{tainted}, DistKubeadm},
		{"kubeadm on AWS", []corev1.Node{onAWS}, DistKubeadm},
		{"aws providerID alone", []corev1.Node{n("ip-10-0-0-1", "containerd://1.7.1", "aws:///eu-west-1a/i-0123")}, DistEKS},
		{"gce providerID alone", []corev1.Node{n("n1", "containerd://1.7.1", "gce://p/z/n1")}, DistGKE},
		{"azure providerID alone", []corev1.Node{n("n1", "containerd://1.7.1", "azure:///subscriptions/x")}, DistAKS},
		{"another cloud", []corev1.Node{n("pool-1", "containerd://1.7.1", "digitalocean://123")}, DistCloud},
	} {
		info := Cluster(c.nodes, nil)
		if info.Distribution != c.want {
			t.Errorf("%s: %q, want %q", c.what, info.Distribution, c.want)
		}
	}
}

func TestStaticPodPathOf(t *testing.T) {
	for _, c := range []struct {
		raw    string
		path   string
		answer bool
	}{
		{`{"kubeletconfig":{"staticPodPath":"/etc/kubernetes/manifests"}}`, "/etc/kubernetes/manifests", true},
		{`{"kubeletconfig":{"syncFrequency":"1m0s"}}`, "", true},
		{`{"componentconfig":{}}`, "", false},
		{`<html>forbidden</html>`, "", false},
	} {
		if path, ok := staticPodPathOf([]byte(c.raw)); path != c.path || ok != c.answer {
			t.Errorf("%s: %q %v", c.raw, path, ok)
		}
	}
}

// A fake clientset has no REST client for the node proxy: /configz is
// unknown, and nothing panics.
func TestReadClusterFakeWithoutConfigz(t *testing.T) {
	nodes, _ := recorded(t, "kind")
	info, err := ReadCluster(context.Background(), fake.NewClientset(&nodes[0]))
	if err != nil || len(info.Nodes) != 1 || info.Nodes[0].Configz {
		t.Errorf("%+v, %v", info, err)
	}
}

// CRI-O drops the pause container by default from 1.22 on; the others never.
func TestDropsInfra(t *testing.T) {
	crio, _ := recorded(t, "kubeadm-crio")
	for _, n := range Cluster(crio, nil).Nodes {
		if !n.DropsInfra() {
			t.Errorf("%s (cri-o %s) should drop the infra container", n.Name, n.RuntimeVersion)
		}
	}
	for _, name := range []string{"kind", "k3s", "kpod-e2e", "docker-desktop"} {
		nodes, _ := recorded(t, name)
		for _, n := range Cluster(nodes, nil).Nodes {
			if n.DropsInfra() {
				t.Errorf("%s: %s (%s %s) drops no infra container", name, n.Name, n.Runtime, n.RuntimeVersion)
			}
		}
	}
	for v, want := range map[string]bool{"1.21.7": false, "1.22.0": true, "1.30.4": true, "2.0.0": true, "": false} {
		if got := (NodeInfo{Runtime: RuntimeCRIO, RuntimeVersion: v}).DropsInfra(); got != want {
			t.Errorf("cri-o %q: DropsInfra = %v, want %v", v, got, want)
		}
	}
}
