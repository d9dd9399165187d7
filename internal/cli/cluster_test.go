package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/log"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
)

// testMachine is a computer with Docker (engine), kind (provider), a
// cluster API (client) and kubectl on its PATH.
type testMachine struct {
	engine    *kindtest.Engine
	provider  *kindtest.Provider
	client    *fake.Clientset
	detectErr error
	host      kind.Host
	kubectl   bool
	tempDir   string
}

func newTestMachine(t *testing.T, images []string, nodes ...runtime.Object) *testMachine {
	t.Helper()
	tm := &testMachine{engine: kindtest.NewEngine(images...), client: fake.NewClientset(nodes...), kubectl: true, tempDir: t.TempDir()}
	tm.provider = kindtest.NewProvider(tm.engine)
	tm.host = kind.Host{
		Proc:   fstest.MapFS{"self/status": {Data: []byte("CapEff:\t000001ffffffffff\n")}},
		Cgroup: fstest.MapFS{"cgroup.controllers": {}},
	}
	return tm
}

// machine is this test computer, for App.Machine.
func (tm *testMachine) machine() *Machine {
	return &Machine{
		Detect: func(context.Context) (kind.Engine, error) {
			if tm.detectErr != nil {
				return nil, tm.detectErr
			}
			return tm.engine, nil
		},
		Provider: func(string, log.Logger) kind.Provider { return tm.provider },
		Host:     tm.host,
		Client:   func(string) (kubernetes.Interface, error) { return tm.client, nil },
		LookPath: func(p string) (string, error) {
			if p == "kubectl" && tm.kubectl {
				return "/usr/bin/kubectl", nil
			}
			return "", exec.ErrNotFound
		},
		TempDir: tm.tempDir,
	}
}

func kpodNodes(images ...string) []runtime.Object {
	return []runtime.Object{
		kindtest.KubeNode("kpod", "kpod-control-plane", "control-plane", true, images...),
		kindtest.KubeNode("kpod", "kpod-worker", "worker", true, images...),
		kindtest.KubeNode("kpod", "kpod-worker2", "worker", true, images...),
	}
}

var lessonImages = []string{"nginx:1.30-alpine", "busybox:1.37"}

func TestClusterCreate(t *testing.T) {
	tm := newTestMachine(t, []string{defaults.Image}, kpodNodes()...)
	tm.host = kind.Host{
		Proc:   fstest.MapFS{"self/status": {Data: []byte("CapEff:\t000001fffeffffff\n")}},
		Cgroup: fstest.MapFS{"memory/tasks": {}},
	}
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "cluster", "create")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.out, `✓ cluster "kpod" is ready: 3 nodes, context kind-kpod is current`) || !strings.Contains(r.out, "Next: kpod doctor, then kpod run") {
		t.Errorf("stdout:\n%s", r.out)
	}
	for _, want := range []string{"cgroup v1", "failCgroupV1: false", "CAP_SYS_RESOURCE", "restrict_oom_score_adj = true", "✓ Waiting for 3 nodes to be Ready"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.err)
		}
	}
	cfg := tm.provider.Created[0].Config
	if len(cfg.Nodes) != 3 || len(cfg.KubeadmConfigPatches) != 1 || len(cfg.ContainerdConfigPatches) != 3 {
		t.Errorf("kind config: %d nodes, patches %q %q", len(cfg.Nodes), cfg.KubeadmConfigPatches, cfg.ContainerdConfigPatches)
	}
}

func TestClusterCreateFlagsAndJSON(t *testing.T) {
	tm := newTestMachine(t, []string{"kindest/node:v1.36.1"}, kpodNodes()[:2]...)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "cluster", "create", "--name", "class", "--workers", "1", "--image", "kindest/node:v1.36.1", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var got struct {
		Cluster, Context string
		Existed          bool
		Nodes            int
		Quirks           []kind.Quirk
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil || got.Cluster != "class" || got.Context != "kind-class" || got.Nodes != 2 || got.Quirks == nil {
		t.Errorf("json %q: %+v, %v", r.out, got, err)
	}
	cfg := tm.provider.Created[0].Config
	if cfg.Name != "class" || kind.Workers(cfg) != 1 || cfg.Nodes[1].Image != "kindest/node:v1.36.1" || len(cfg.KubeadmConfigPatches) != 0 {
		t.Errorf("kind config = %+v", cfg)
	}
}

func TestClusterCreateWithConfigFile(t *testing.T) {
	tm := newTestMachine(t, []string{defaults.Image}, kpodNodes()...)
	file := filepath.Join(t.TempDir(), "kind.yaml")
	os.WriteFile(file, []byte("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\n"), 0o644)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "cluster", "create", "--config", file); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if n := tm.provider.Created[0].Config.Nodes; len(n) != 3 || n[2].Labels[kind.OwnerLabel] != "kpod" {
		t.Errorf("nodes = %+v", n)
	}
}

func TestClusterCreateTwiceIsHarmless(t *testing.T) {
	tm := newTestMachine(t, nil)
	tm.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "cluster", "create")
	if r.code != 0 || !strings.Contains(r.out, `cluster "kpod" already exists (made by kpod): nothing to do; context kind-kpod is current`) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if len(tm.provider.Created) != 0 {
		t.Error("kind was asked to make it again")
	}
}

// Bad input: one line on stderr with the fix, exit 1, and kind never runs.
func TestClusterCreateBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		setup func(*testMachine)
		want  string
	}{
		{name: "negative workers", args: []string{"--workers", "-1"}, want: "--workers must be 0 or more"},
		{name: "workers and config", args: []string{"--workers", "3", "--config", "x.yaml"}, want: "--workers and --config do not go together"},
		{name: "bad name", args: []string{"--name", "My_Cluster"}, want: `invalid cluster name "My_Cluster"`},
		{name: "no wait", args: []string{"--wait", "0s"}, want: "--wait must be positive"},
		{name: "missing config", args: []string{"--config", "/does/not/exist.yaml"}, want: "reading the kind config"},
		{name: "no docker", setup: func(tm *testMachine) { tm.detectErr = kind.ErrNoEngine }, want: "no container engine: kpod's local cluster needs Docker or Podman"},
		{name: "docker down", setup: func(tm *testMachine) {
			tm.detectErr = errors.New("docker is installed but its daemon is not running (Cannot connect to the Docker daemon): start it with `sudo systemctl start docker`")
		}, want: "sudo systemctl start docker"},
		{name: "name taken", setup: func(tm *testMachine) { tm.provider.Add("kpod", kindtest.OtherCluster("kpod")...) }, want: `a kind cluster named "kpod" already exists and kpod did not make it`},
		{name: "offline", setup: func(tm *testMachine) {
			tm.engine.PullErr = errors.New("dial tcp: lookup registry-1.docker.io: no such host")
		}, want: "cannot be pulled (dial tcp: lookup registry-1.docker.io: no such host): on a machine with network run `docker pull"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := newTestMachine(t, nil)
			if tc.setup != nil {
				tc.setup(tm)
			}
			app, _, _ := newApp(nil)
			app.Machine = tm.machine
			r := run(t, app, context.Background(), append([]string{"cluster", "create"}, tc.args...)...)
			if r.code != 1 {
				t.Fatalf("exit %d", r.code)
			}
			var errLines []string
			for _, l := range strings.Split(strings.TrimSpace(r.err), "\n") {
				if strings.HasPrefix(l, "error: ") {
					errLines = append(errLines, l)
				}
			}
			if len(errLines) != 1 || !strings.Contains(errLines[0], tc.want) {
				t.Errorf("stderr:\n%s\nwant one error line with %q", r.err, tc.want)
			}
			if len(tm.provider.Created) != 0 {
				t.Error("kind was asked to make a cluster")
			}
			if tc.name == "name taken" && !tm.provider.Has("kpod") {
				t.Error("someone else's cluster is gone")
			}
		})
	}
}

func TestClusterDelete(t *testing.T) {
	tm := newTestMachine(t, nil)
	tm.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	tm.provider.Add("dev", kindtest.OtherCluster("dev")...)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "cluster", "delete"); r.code != 0 || !strings.Contains(r.out, `cluster "kpod" deleted`) {
		t.Errorf("delete kpod: exit %d\n%s%s", r.code, r.out, r.err)
	}
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "cluster", "delete"); r.code != 0 || !strings.Contains(r.out, "nothing to delete") {
		t.Errorf("delete again: exit %d\n%s%s", r.code, r.out, r.err)
	}
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "cluster", "delete", "--name", "dev"); r.code != 1 || !strings.Contains(r.err, "kind delete cluster --name dev") {
		t.Errorf("delete dev: exit %d\n%s", r.code, r.err)
	}
	if !tm.provider.Has("dev") {
		t.Error("someone else's cluster is gone")
	}
}

func TestClusterStatus(t *testing.T) {
	nodes := kpodNodes(lessonImages...)
	nodes[2] = kindtest.KubeNode("kpod", "kpod-worker2", "worker", false, "nginx:1.30-alpine")
	tm := newTestMachine(t, nil, nodes...)
	tm.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "cluster", "status")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{
		"cluster kpod · context kind-kpod · docker · made by kpod",
		"NAME                 ROLE            VERSION   READY   LESSON IMAGES",
		"kpod-control-plane   control-plane   v1.37.0   true    2/2",
		"kpod-worker2         worker          v1.37.0   false   1/2 (no busybox:1.37)",
		"kpod images load",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("status lacks %q:\n%s", want, r.out)
		}
	}
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	r = run(t, app, context.Background(), "cluster", "status", "-o", "json")
	var st kind.Status
	if err := json.Unmarshal([]byte(r.out), &st); err != nil || len(st.Nodes) != 3 || st.Nodes[2].Ready {
		t.Errorf("json: %v\n%s", err, r.out)
	}
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "cluster", "status", "--name", "class"); r.code != 1 || !strings.Contains(r.err, "make one with `kpod cluster create --name class`") {
		t.Errorf("no cluster: exit %d %s", r.code, r.err)
	}
}

func TestImagesList(t *testing.T) {
	app, _, _ := newApp(nil)
	if r := run(t, app, context.Background(), "images", "list"); r.code != 0 || r.out != "nginx:1.30-alpine\nbusybox:1.37\n" {
		t.Errorf("exit %d, out %q", r.code, r.out)
	}
	app, _, _ = newApp(nil)
	app.Getenv = func(k string) string {
		if k == "KPOD_IMAGE_WEB" {
			return "registry.local/nginx:1"
		}
		return ""
	}
	r := run(t, app, context.Background(), "images", "list", "--image-shell", "registry.local/busybox:1", "-o", "json")
	if r.out != `{"image":"registry.local/nginx:1","role":"web","schema":"kpod.images/v1","type":"image"}`+"\n"+`{"image":"registry.local/busybox:1","role":"shell","schema":"kpod.images/v1","type":"image"}`+"\n" {
		t.Errorf("out %q", r.out)
	}
}

func TestImagesLoad(t *testing.T) {
	// The kubelets list the images once they are loaded.
	tm := newTestMachine(t, lessonImages,
		kindtest.KubeNode("kpod", "kpod-control-plane", "control-plane", true, lessonImages...),
		kindtest.KubeNode("kpod", "kpod-worker", "worker", true, lessonImages...),
		kindtest.KubeNode("kpod", "kpod-worker2", "worker", true, lessonImages...))
	nodes := kindtest.KpodCluster("kpod", 2)
	tm.provider.Add("kpod", nodes...)
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, context.Background(), "images", "load")
	if r.code != 0 || !strings.Contains(r.out, `every node of cluster "kpod" has the lesson images: nginx:1.30-alpine, busybox:1.37`) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "✓ Waiting for the kubelets to list the images") {
		t.Errorf("no wait for the kubelets:\n%s", r.err)
	}
	for _, n := range nodes {
		if len(n.Imports()) != 1 || !strings.Contains(r.err, "Loading 2 images into node "+n.Name) {
			t.Errorf("node %s: %d imports\n%s", n.Name, len(n.Imports()), r.err)
		}
	}
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	r = run(t, app, context.Background(), "images", "load", "--image-web", "nginx:1.29-alpine")
	if r.code != 1 || !strings.Contains(r.err, "nginx:1.29-alpine not in docker's local store") {
		t.Errorf("missing image: exit %d %s", r.code, r.err)
	}
	archive := filepath.Join(t.TempDir(), "lessons.tar")
	os.WriteFile(archive, kindtest.Archive(lessonImages...), 0o644)
	app, _, _ = newApp(nil)
	app.Machine = tm.machine
	if r := run(t, app, context.Background(), "images", "load", "--archive", archive); r.code != 0 || len(nodes[0].Imports()) != 2 {
		t.Errorf("archive: exit %d %s", r.code, r.err)
	}
}

// Ctrl-C while kind works removes the half-made cluster and exits 130.
func TestClusterCreateInterrupted(t *testing.T) {
	tm := newTestMachine(t, []string{defaults.Image})
	tm.provider.Block = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for !tm.provider.Has("kpod") {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	app, _, _ := newApp(nil)
	app.Machine = tm.machine
	r := run(t, app, ctx, "cluster", "create")
	if r.code != 130 || !strings.Contains(r.err, "interrupted: removing the half-made cluster") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
	if tm.provider.Has("kpod") || tm.engine.Networks["kind"] {
		t.Error("a half-made cluster was left behind")
	}
}

// kind's words name kpod as the student runs it: "kubectl kpod" as a
// kubectl plugin.
func TestKindNamesThePlugin(t *testing.T) {
	tm := newTestMachine(t, lessonImages)
	tm.provider.Add("kpod", kindtest.KpodCluster("kpod", 1)...)
	m := tm.machine()
	m.Client = func(string) (kubernetes.Interface, error) { return nil, errors.New("no route to host") }
	app, _, _ := newApp(nil)
	app.Machine = func() *Machine { return m }
	app.Name = "kubectl kpod"
	r := run(t, app, context.Background(), "images", "load")
	if r.code != 0 || !strings.Contains(r.err, "`kubectl kpod doctor` may call them missing") {
		t.Errorf("exit %d\n%s", r.code, r.err)
	}
}
