package kind_test

// These tests use the real Docker on this machine, and skip without it. They
// need no registry: every image is built here, FROM scratch. They make only
// containers, images and clusters named kpodtest-*, and remove them.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/kind/pkg/cluster/nodes"
	kindexec "sigs.k8s.io/kind/pkg/exec"

	"github.com/kpod-dev/kpod/internal/kube/kind"
)

func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func needDocker(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("uses Docker")
	}
	if err := exec.Command("docker", "info").Run(); err != nil {
		t.Skip("no running Docker on this machine")
	}
}

// build makes an image tagged tag from files, FROM scratch.
func build(t *testing.T, tag string, files map[string]string, extra string) {
	t.Helper()
	dir := t.TempDir()
	dockerfile := "FROM scratch\nCOPY root/ /\n" + extra
	for name, body := range files {
		p := filepath.Join(dir, "root", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	docker(t, "build", "-q", "-t", tag, dir)
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })
}

// nodeImage is a stand-in node image: busybox, and scripts for the two
// programs kind's node utilities run to load images.
func nodeImage(t *testing.T, tag string) {
	t.Helper()
	bb, err := os.ReadFile("/bin/busybox")
	if err != nil {
		t.Skip("needs a static /bin/busybox for a stand-in node image")
	}
	files := map[string]string{
		"bin/busybox":  string(bb),
		"kind/version": "v1.37.0\n",
		"bin/containerd": "#!/bin/sh\n" +
			"printf 'version = 2\\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\\n  snapshotter = \"overlayfs\"\\n'\n",
		"bin/ctr":  "#!/bin/sh\nmkdir -p /imported\necho \"$@\" > /imported/args\ncat > /imported/image.tar\n",
		"bin/true": "#!/bin/sh\n",
	}
	extra := "ENV PATH=/bin\n" +
		`ENTRYPOINT ["/bin/busybox", "sh", "-c", "echo 'Reached target Multi-User System.'; exec /bin/busybox sleep 600"]` + "\n"
	files["bin/sh"] = string(bb) // busybox runs as the program it is called
	for _, l := range []string{"cat", "mkdir", "cp", "sleep", "echo"} {
		files["bin/"+l] = "#!/bin/sh\nexec /bin/busybox " + l + " \"$@\"\n"
	}
	build(t, tag, files, extra)
}

func cleanupCluster(t *testing.T, name string) {
	t.Cleanup(func() {
		ids, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+name).Output()
		if f := strings.Fields(string(ids)); len(f) > 0 {
			_ = exec.Command("docker", append([]string{"rm", "-f"}, f...)...).Run()
		}
	})
}

// startNode runs a container labelled as kind labels its nodes (not
// privileged: these tests never start Kubernetes).
func startNode(t *testing.T, cluster, role, image, labels string) string {
	t.Helper()
	name := cluster + "-" + role
	docker(t, "run", "-d", "--name", name, "--label", "io.x-k8s.kind.cluster="+cluster, "--label", "io.x-k8s.kind.role="+role, image)
	docker(t, "exec", name, "sh", "-c", fmt.Sprintf("mkdir -p /kind && echo 'node-labels: \"%s\"' > /kind/kubeadm.conf", labels))
	return name
}

// plainExec is kind's real provider, except that commands on the nodes run
// with a plain `docker exec`: kind's own add --privileged, which machines
// that cannot run privileged containers refuse (kind's nodes need it, but
// these tests' stand-in nodes do not).
type plainExec struct{ kind.Provider }

func (p plainExec) ListNodes(name string) ([]nodes.Node, error) {
	ns, err := p.Provider.ListNodes(name)
	for i, n := range ns {
		ns[i] = plainNode{n}
	}
	return ns, err
}

type plainNode struct{ nodes.Node }

func (n plainNode) Command(name string, args ...string) kindexec.Cmd {
	return &plainCmd{node: n.String(), argv: append([]string{name}, args...)}
}

type plainCmd struct {
	node           string
	argv           []string
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (c *plainCmd) SetEnv(...string) kindexec.Cmd      { return c }
func (c *plainCmd) SetStdin(r io.Reader) kindexec.Cmd  { c.stdin = r; return c }
func (c *plainCmd) SetStdout(w io.Writer) kindexec.Cmd { c.stdout = w; return c }
func (c *plainCmd) SetStderr(w io.Writer) kindexec.Cmd { c.stderr = w; return c }
func (c *plainCmd) Run() error {
	args := []string{"exec"}
	if c.stdin != nil {
		args = append(args, "-i")
	}
	cmd := kindexec.Command("docker", append(append(args, c.node), c.argv...)...)
	if c.stdin != nil {
		cmd.SetStdin(c.stdin)
	}
	if c.stdout != nil {
		cmd.SetStdout(c.stdout)
	}
	if c.stderr != nil {
		cmd.SetStderr(c.stderr)
	}
	return cmd.Run()
}

// privilegedExec reports whether this machine lets `docker exec --privileged`
// run in container.
func privilegedExec(container string) bool {
	return exec.Command("docker", "exec", "--privileged", container, "true").Run() == nil
}

func realManager(t *testing.T, p *steps) *kind.Manager {
	t.Helper()
	e, err := kind.SystemDetector().Detect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &kind.Manager{Engine: e, Provider: kind.NewProvider(e.Name(), kind.Logger(p)), Progress: p, Client: kind.RESTClient, TempDir: t.TempDir()}
}

func TestDockerEngineAndArchives(t *testing.T) {
	needDocker(t)
	id := fmt.Sprintf("kpodtest-%d", rand.IntN(1e6))
	web, shell := "kpod-test/"+id+"-web:1", "kpod-test/"+id+"-shell:1"
	build(t, web, map[string]string{"index.html": "hello"}, "")
	build(t, shell, map[string]string{"etc/motd": "hi"}, "")
	e, err := kind.SystemDetector().Detect(context.Background())
	if err != nil || e.Name() != "docker" || e.Version() == "" {
		t.Fatalf("Detect = %v, %v", e, err)
	}
	ctx := context.Background()
	if ok, err := e.HasImage(ctx, web); !ok || err != nil {
		t.Errorf("HasImage(%s) = %v, %v", web, ok, err)
	}
	if ok, err := e.HasImage(ctx, "kpod-test/"+id+"-nope:1"); ok || err != nil {
		t.Errorf("HasImage(nope) = %v, %v", ok, err)
	}
	var b bytes.Buffer
	if err := e.Save(ctx, &b, web, shell); err != nil {
		t.Fatal(err)
	}
	got, err := kind.ArchiveImages(&b)
	want := []string{"docker.io/" + shell, "docker.io/" + web}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ArchiveImages(docker save) = %v, %v; want %v", got, err, want)
	}
	if err := e.Save(ctx, &bytes.Buffer{}, "kpod-test/"+id+"-nope:1"); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("saving a missing image: %v", err)
	}
}

func TestDockerLoadImagesAndOwnership(t *testing.T) {
	needDocker(t)
	t.Setenv("KUBECONFIG", filepath.Join(t.TempDir(), "config"))
	id := fmt.Sprintf("kpodtest-%d", rand.IntN(1e6))
	node := "kpod-test/" + id + "-node:1"
	nodeImage(t, node)
	web, shell := "kpod-test/"+id+"-web:1", "kpod-test/"+id+"-shell:1"
	build(t, web, map[string]string{"index.html": "hello"}, "")
	build(t, shell, map[string]string{"etc/motd": "hi"}, "")

	ours, other := id+"-a", id+"-b"
	cleanupCluster(t, ours)
	cleanupCluster(t, other)
	cp := startNode(t, ours, "control-plane", node, kind.OwnerLabel+"="+ours)
	wk := startNode(t, ours, "worker", node, kind.OwnerLabel+"="+ours)
	startNode(t, other, "control-plane", node, kind.OwnerLabel+"="+ours+"x,tier=teacher")

	p := &steps{}
	m := realManager(t, p)
	if !privilegedExec(cp) {
		t.Log("this machine refuses `docker exec --privileged`: node commands run with a plain `docker exec`")
		m.Provider = plainExec{m.Provider}
	}
	if exists, mine, err := m.Find(ours); !exists || !mine || err != nil {
		t.Fatalf("Find(%s) = %v, %v, %v", ours, exists, mine, err)
	}
	if exists, mine, err := m.Find(other); !exists || mine || err != nil {
		t.Fatalf("Find(%s) = %v, %v, %v", other, exists, mine, err)
	}

	ctx := context.Background()
	if err := m.LoadImages(ctx, kind.LoadRequest{Name: ours, Images: []string{web, shell}}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{cp, wk} {
		out, err := exec.Command("docker", "exec", n, "cat", "/imported/image.tar").Output()
		if err != nil {
			t.Fatalf("node %s has no imported archive: %v", n, err)
		}
		got, err := kind.ArchiveImages(bytes.NewReader(out))
		if err != nil || len(got) != 2 {
			t.Errorf("node %s imported %v, %v", n, got, err)
		}
		if args := docker(t, "exec", n, "cat", "/imported/args"); args != "--namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -" {
			t.Errorf("node %s: ctr %s", n, args)
		}
	}

	if err := m.LoadImages(ctx, kind.LoadRequest{Name: other, Images: []string{web}}); err == nil {
		t.Error("loaded images into a cluster kpod did not make")
	}
	if _, err := m.Delete(other, ""); err == nil {
		t.Error("deleted a cluster kpod did not make")
	}
	if existed, err := m.Delete(ours, ""); !existed || err != nil {
		t.Fatalf("Delete(%s) = %v, %v", ours, existed, err)
	}
	if left := docker(t, "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+ours); left != "" {
		t.Errorf("containers left after delete: %s", left)
	}
	if left := docker(t, "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+other); left == "" {
		t.Error("someone else's cluster is gone")
	}
}

// TestDockerFailedCreateLeavesNothing runs kind for real with a node image
// that cannot become Kubernetes: wherever kind stops, kpod must leave no
// container, no network it made and no kubeconfig entry.
func TestDockerFailedCreateLeavesNothing(t *testing.T) {
	needDocker(t)
	kubeconfig := filepath.Join(t.TempDir(), "config")
	before := "apiVersion: v1\nkind: Config\ncurrent-context: mine\nclusters: []\ncontexts: []\nusers: []\n"
	if err := os.WriteFile(kubeconfig, []byte(before), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", kubeconfig)
	id := fmt.Sprintf("kpodtest-%d", rand.IntN(1e6))
	node := "kpod-test/" + id + "-node:1"
	nodeImage(t, node)
	cleanupCluster(t, id)
	hadNetwork := exec.Command("docker", "network", "inspect", "kind").Run() == nil
	if !hadNetwork {
		t.Cleanup(func() { _ = exec.Command("docker", "network", "rm", "kind").Run() })
	}

	p := &steps{}
	m := realManager(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, err := m.Create(ctx, kind.CreateRequest{Name: id, Config: kind.Prepare(kind.Layout(1), id, node, nil), Wait: time.Minute})
	if err == nil {
		t.Fatal("a stand-in node image became a cluster")
	}
	if !strings.HasPrefix(err.Error(), fmt.Sprintf("kind could not create cluster %q: ", id)) || strings.Contains(err.Error(), "\n") {
		t.Errorf("error = %q", err)
	}
	t.Logf("kind stopped with: %v", err)
	if left := docker(t, "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+id); left != "" {
		t.Errorf("containers left: %s", left)
	}
	has := exec.Command("docker", "network", "inspect", "kind").Run() == nil
	if has != hadNetwork {
		t.Errorf("network kind: there before %v, after %v", hadNetwork, has)
	}
	if after, _ := os.ReadFile(kubeconfig); !strings.Contains(string(after), "current-context: mine") || strings.Contains(string(after), id) {
		t.Errorf("kubeconfig changed:\n%s", after)
	}
}
