package kind_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
)

type steps []string

func (s *steps) Start(t string) { *s = append(*s, "start "+t) }
func (s *steps) End(t string, ok bool) {
	if ok {
		*s = append(*s, "ok "+t)
	} else {
		*s = append(*s, "failed "+t)
	}
}
func (s *steps) Info(t string) { *s = append(*s, "info "+t) }
func (s *steps) Warn(t string) { *s = append(*s, "warn "+t) }

type world struct {
	engine   *kindtest.Engine
	provider *kindtest.Provider
	client   *fake.Clientset
	steps    *steps
	m        *kind.Manager
}

// newWorld is a machine with Docker holding images, and a cluster API whose
// nodes are objs.
func newWorld(t *testing.T, images []string, objs ...runtime.Object) *world {
	w := &world{engine: kindtest.NewEngine(images...), client: fake.NewClientset(objs...), steps: &steps{}}
	w.provider = kindtest.NewProvider(w.engine)
	w.m = &kind.Manager{
		Engine: w.engine, Provider: w.provider, Progress: w.steps, Poll: time.Millisecond, TempDir: t.TempDir(),
		Client: func(kc string) (kubernetes.Interface, error) { return w.client, nil },
	}
	return w
}

func readyNodes(cluster string, images ...string) []runtime.Object {
	return []runtime.Object{
		kindtest.KubeNode(cluster, cluster+"-control-plane", "control-plane", true, images...),
		kindtest.KubeNode(cluster, cluster+"-worker", "worker", true, images...),
		kindtest.KubeNode(cluster, cluster+"-worker2", "worker", true, images...),
	}
}

func request(name string) kind.CreateRequest {
	return kind.CreateRequest{Name: name, Config: kind.Prepare(kind.Layout(2), name, "", nil), Wait: time.Second}
}

func TestCreate(t *testing.T) {
	w := newWorld(t, []string{defaults.Image}, readyNodes("kpod")...)
	req := request("kpod")
	req.Quirks = []kind.Quirk{{Name: "cgroup-v1", Why: "this host uses cgroup v1", Does: "failCgroupV1: false"}}
	res, err := w.m.Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if *res != (kind.Result{Cluster: "kpod", Context: "kind-kpod", Nodes: 3}) {
		t.Errorf("result = %+v", res)
	}
	if len(w.provider.Created) != 1 {
		t.Fatalf("kind was asked %d times", len(w.provider.Created))
	}
	cfg := w.provider.Created[0].Config
	if len(cfg.Nodes) != 3 || cfg.Nodes[2].Labels[kind.OwnerLabel] != "kpod" {
		t.Errorf("config given to kind = %+v", cfg.Nodes)
	}
	want := steps{"info this host uses cgroup v1, which the kubelet refuses from Kubernetes 1.35 on: kpod sets failCgroupV1: false", "start Waiting for 3 nodes to be Ready", "ok Waiting for 3 nodes to be Ready"}
	if !reflect.DeepEqual(*w.steps, want) {
		t.Errorf("steps = %q", *w.steps)
	}
	if len(w.engine.Pulled) != 0 {
		t.Errorf("pulled %v although the node image is here", w.engine.Pulled)
	}
}

func TestCreateWhenItExists(t *testing.T) {
	w := newWorld(t, nil)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	res, err := w.m.Create(context.Background(), request("kpod"))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Existed || res.Nodes != 3 || len(w.provider.Created) != 0 || !reflect.DeepEqual(w.provider.Exported, []string{"kpod"}) {
		t.Errorf("result %+v, created %d, exported %v", res, len(w.provider.Created), w.provider.Exported)
	}
}

func TestCreateRefusesSomeoneElsesCluster(t *testing.T) {
	w := newWorld(t, nil)
	w.provider.Add("dev", kindtest.OtherCluster("dev")...)
	_, err := w.m.Create(context.Background(), request("dev"))
	if !errors.Is(err, kind.ErrNotOurs) || !strings.Contains(err.Error(), "--name") {
		t.Fatalf("error = %v", err)
	}
	if len(w.provider.Created)+len(w.provider.Deleted)+len(w.provider.Exported) != 0 {
		t.Error("kpod touched a cluster it did not make")
	}
}

func TestCreateOfflineWithoutNodeImage(t *testing.T) {
	w := newWorld(t, nil)
	w.engine.PullErr = errors.New(`Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host`)
	_, err := w.m.Create(context.Background(), request("kpod"))
	if !errors.Is(err, kind.ErrNodeImage) {
		t.Fatalf("error = %v", err)
	}
	tag := strings.Split(defaults.Image, "@")[0]
	for _, want := range []string{"not on this machine and cannot be pulled", "no such host", "docker save -o node.tar " + tag, "docker load -i node.tar", "--image"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %s", want, err)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("more than one line: %q", err)
	}
	if len(w.provider.Created) != 0 || w.engine.Networks["kind"] {
		t.Error("kind ran although the node image was missing")
	}
}

func TestCreateUsesPinnedImageByTag(t *testing.T) {
	tag := strings.Split(defaults.Image, "@")[0]
	w := newWorld(t, []string{tag}, readyNodes("kpod")...)
	if _, err := w.m.Create(context.Background(), request("kpod")); err != nil {
		t.Fatal(err)
	}
	if got := kind.NodeImages(w.provider.Created[0].Config); !reflect.DeepEqual(got, []string{tag}) {
		t.Errorf("node images = %v, want the tag %s", got, tag)
	}
	if len(w.engine.Pulled) != 0 {
		t.Errorf("pulled %v", w.engine.Pulled)
	}
}

func TestCreateFailureLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name        string
		hadNetwork  bool
		retain      bool
		wantNetwork bool
		wantNodes   bool
	}{
		{name: "network made by this create is removed"},
		{name: "an existing network stays", hadNetwork: true, wantNetwork: true},
		{name: "--retain keeps everything", retain: true, wantNetwork: true, wantNodes: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, []string{defaults.Image})
			w.engine.Networks["kind"] = tc.hadNetwork
			w.provider.Err = errors.New(`command "docker exec --privileged kpod-control-plane kubeadm init" failed with error: exit status 1`)
			req := request("kpod")
			req.Retain = tc.retain
			_, err := w.m.Create(context.Background(), req)
			if err == nil || !strings.HasPrefix(err.Error(), `kind could not create cluster "kpod": `) {
				t.Fatalf("error = %v", err)
			}
			if tc.retain != strings.Contains(err.Error(), "--retain):") {
				t.Errorf("error = %v", err)
			}
			if w.provider.Has("kpod") != tc.wantNodes {
				t.Errorf("nodes left: %v, want %v", w.provider.Has("kpod"), tc.wantNodes)
			}
			if w.engine.Networks["kind"] != tc.wantNetwork {
				t.Errorf("network left: %v, want %v", w.engine.Networks["kind"], tc.wantNetwork)
			}
		})
	}
}

func TestCreateDeletesClusterThatNeverGetsReady(t *testing.T) {
	nodes := readyNodes("kpod")
	nodes[2] = kindtest.KubeNode("kpod", "kpod-worker2", "worker", false)
	w := newWorld(t, []string{defaults.Image}, nodes...)
	req := request("kpod")
	req.Wait = 20 * time.Millisecond
	_, err := w.m.Create(context.Background(), req)
	if !errors.Is(err, kind.ErrNotReady) {
		t.Fatalf("error = %v", err)
	}
	for _, want := range []string{"kpod-worker2 did not become Ready", "cni plugin not initialized", "docker exec kpod-worker2 journalctl -u kubelet"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %s", want, err)
		}
	}
	if w.provider.Has("kpod") || w.engine.Networks["kind"] {
		t.Error("a cluster that never got Ready was left behind")
	}
}

func TestCreateInterrupted(t *testing.T) {
	w := newWorld(t, []string{defaults.Image})
	w.provider.Block = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	_, err := w.m.Create(ctx, request("kpod"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v", err)
	}
	if w.provider.Has("kpod") || w.engine.Networks["kind"] {
		t.Error("Ctrl-C left a half-made cluster")
	}
}

func TestDelete(t *testing.T) {
	w := newWorld(t, nil)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	w.provider.Add("dev", kindtest.OtherCluster("dev")...)
	w.provider.Add("kpod2", kindtest.KpodCluster("kpod2", 0)...)
	if existed, err := w.m.Delete("nope", ""); existed || err != nil {
		t.Errorf("Delete(nope) = %v, %v", existed, err)
	}
	if _, err := w.m.Delete("dev", ""); !errors.Is(err, kind.ErrNotOurs) || !strings.Contains(err.Error(), "kind delete cluster --name dev") {
		t.Errorf("Delete(dev) error = %v", err)
	}
	if existed, err := w.m.Delete("kpod", ""); !existed || err != nil {
		t.Errorf("Delete(kpod) = %v, %v", existed, err)
	}
	if !reflect.DeepEqual(w.provider.Deleted, []string{"kpod"}) || !w.provider.Has("dev") || !w.provider.Has("kpod2") {
		t.Errorf("deleted %v", w.provider.Deleted)
	}
}

func TestOwnershipNeedsTheNode(t *testing.T) {
	w := newWorld(t, nil)
	nodes := kindtest.KpodCluster("kpod", 0)
	nodes[0].Down = true
	w.provider.Add("kpod", nodes...)
	_, err := w.m.Delete("kpod", "")
	if err == nil || !strings.Contains(err.Error(), "is not running") || !strings.Contains(err.Error(), "docker start kpod-control-plane") || !strings.Contains(err.Error(), "label=io.x-k8s.kind.cluster=kpod") {
		t.Fatalf("error = %v", err)
	}
	if len(w.provider.Deleted) != 0 {
		t.Error("deleted a cluster kpod could not prove was its own")
	}
}

func TestStatus(t *testing.T) {
	objs := readyNodes("kpod", "nginx:1.30-alpine", "busybox:1.37")
	objs[1] = kindtest.KubeNode("kpod", "kpod-worker", "worker", true, "nginx:1.30-alpine")
	w := newWorld(t, nil, objs...)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	st, err := w.m.Status(context.Background(), "kpod", []string{"nginx:1.30-alpine", "busybox:1.37"})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Kpod || st.Context != "kind-kpod" || len(st.Nodes) != 3 {
		t.Fatalf("status = %+v", st)
	}
	cp, wk := st.Nodes[0], st.Nodes[1]
	if cp.Role != "control-plane" || !cp.Ready || cp.Version != "v1.37.0" || len(cp.Missing) != 0 || cp.Container != "kpod-control-plane" {
		t.Errorf("control plane = %+v", cp)
	}
	if wk.Role != "worker" || !reflect.DeepEqual(wk.Missing, []string{"busybox:1.37"}) {
		t.Errorf("worker = %+v", wk)
	}
	if _, err := w.m.Status(context.Background(), "class", nil); !errors.Is(err, kind.ErrNoCluster) || !strings.Contains(err.Error(), "kpod cluster create --name class") {
		t.Errorf("missing cluster: %v", err)
	}
}

func TestLoadImagesFromTheEngine(t *testing.T) {
	images := []string{"nginx:1.30-alpine", "busybox:1.37"}
	w := newWorld(t, images)
	nodes := kindtest.KpodCluster("kpod", 2)
	lb := &kindtest.Node{Name: "kpod-external-load-balancer", NodeRole: "external-load-balancer"}
	w.provider.Add("kpod", append(nodes, lb)...)
	if err := w.m.LoadImages(context.Background(), kind.LoadRequest{Name: "kpod", Images: images}); err != nil {
		t.Fatal(err)
	}
	want := kindtest.Archive(images...)
	for _, n := range nodes {
		got := n.Imports()
		if len(got) != 1 || string(got[0]) != string(want) {
			t.Errorf("node %s imported %d archives", n.Name, len(got))
		}
		if cmds := n.Commands(); !strings.HasPrefix(cmds[len(cmds)-1], "ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -") {
			t.Errorf("node %s ran %q", n.Name, cmds)
		}
	}
	if len(lb.Imports()) != 0 {
		t.Error("images were loaded into the load balancer")
	}
	if !reflect.DeepEqual(w.engine.Saved, [][]string{images}) {
		t.Errorf("saved %v", w.engine.Saved)
	}
	leftovers, _ := filepath.Glob(filepath.Join(w.m.TempDir, "kpod-images-*.tar"))
	for _, f := range leftovers {
		t.Errorf("temporary archive left: %s", f)
	}
}

func TestLoadImagesRefuses(t *testing.T) {
	images := []string{"nginx:1.30-alpine", "busybox:1.37"}
	w := newWorld(t, images[:1])
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 1)...)
	w.provider.Add("dev", kindtest.OtherCluster("dev")...)
	ctx := context.Background()
	err := w.m.LoadImages(ctx, kind.LoadRequest{Name: "kpod", Images: images})
	if !errors.Is(err, kind.ErrMissingImg) || !strings.Contains(err.Error(), "`docker pull busybox:1.37`") || !strings.Contains(err.Error(), "--archive") {
		t.Errorf("missing image: %v", err)
	}
	if err := w.m.LoadImages(ctx, kind.LoadRequest{Name: "dev", Images: images[:1]}); !errors.Is(err, kind.ErrNotOurs) {
		t.Errorf("someone else's cluster: %v", err)
	}
	if err := w.m.LoadImages(ctx, kind.LoadRequest{Name: "gone", Images: images[:1]}); !errors.Is(err, kind.ErrNoCluster) {
		t.Errorf("no cluster: %v", err)
	}
}

func TestLoadImagesFromArchive(t *testing.T) {
	images := []string{"nginx:1.30-alpine", "busybox:1.37"}
	w := newWorld(t, nil)
	nodes := kindtest.KpodCluster("kpod", 1)
	w.provider.Add("kpod", nodes...)
	dir := t.TempDir()
	full := filepath.Join(dir, "lessons.tar")
	part := filepath.Join(dir, "part.tar")
	os.WriteFile(full, kindtest.Archive("docker.io/library/nginx:1.30-alpine", "busybox:1.37"), 0o644)
	os.WriteFile(part, kindtest.Archive("nginx:1.30-alpine"), 0o644)
	ctx := context.Background()
	err := w.m.LoadImages(ctx, kind.LoadRequest{Name: "kpod", Images: images, Archive: part})
	if !errors.Is(err, kind.ErrMissingImg) || !strings.Contains(err.Error(), "lacks busybox:1.37") {
		t.Errorf("partial archive: %v", err)
	}
	if err := w.m.LoadImages(ctx, kind.LoadRequest{Name: "kpod", Images: images, Archive: full}); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		if len(n.Imports()) != 1 {
			t.Errorf("node %s imported %d archives", n.Name, len(n.Imports()))
		}
	}
	if len(w.engine.Saved) != 0 {
		t.Error("the engine's store was used although an archive was given")
	}
}

// After loading, kpod waits until every node's kubelet lists the images, as
// `kpod doctor` reads them; running out of time only warns.
func TestLoadImagesWaitsForTheKubelets(t *testing.T) {
	images := []string{"nginx:1.30-alpine", "busybox:1.37"}
	const step = "Waiting for the kubelets to list the images"

	w := newWorld(t, images, readyNodes("kpod", images...)...)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	if err := w.m.LoadImages(context.Background(), kind.LoadRequest{Name: "kpod", Images: images, Wait: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if got := *w.steps; !slices.Contains(got, "ok "+step) {
		t.Errorf("listed images: steps %q", got)
	}

	w = newWorld(t, images, readyNodes("kpod", images[:1]...)...)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	if err := w.m.LoadImages(context.Background(), kind.LoadRequest{Name: "kpod", Images: images, Wait: 20 * time.Millisecond}); err != nil {
		t.Fatalf("the images are loaded, only not listed yet: %v", err)
	}
	got := *w.steps
	if !slices.Contains(got, "failed "+step) || !strings.Contains(strings.Join(got, "\n"), "warn the images are on the nodes, but not every kubelet lists them") {
		t.Errorf("unlisted images: steps %q", got)
	}

	w = newWorld(t, images)
	w.provider.Add("kpod", kindtest.KpodCluster("kpod", 1)...)
	if err := w.m.LoadImages(context.Background(), kind.LoadRequest{Name: "kpod", Images: images}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(*w.steps, "\n"), step) {
		t.Errorf("Wait 0 waited: steps %q", *w.steps)
	}
}
