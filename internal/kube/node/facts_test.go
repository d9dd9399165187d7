package node

import (
	"context"
	"errors"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// scripted is an Access whose node answers each script with answer.
type scripted struct {
	answer func(script string) (string, error)
	ran    []string
}

func (s *scripted) Way() string                    { return "test" }
func (s *scripted) Command(node, sc string) string { return ShellCommand([]string{"test", node}, sc) }
func (s *scripted) Copy(node, l, r string) string  { return "test cp " + l + " " + node + ":" + r }
func (s *scripted) Run(_ context.Context, node, script string) (string, error) {
	s.ran = append(s.ran, script)
	return s.answer(script)
}

func TestKubeletFlags(t *testing.T) {
	for _, c := range []struct {
		cmdline string
		want    Kubelet
	}{
		{"/usr/bin/kubelet\n--config=/etc/kubelet.yaml\n--v=2\n", Kubelet{Config: "/etc/kubelet.yaml"}},
		{"kubelet\n--config\n/var/lib/kubelet/config.yaml\n--pod-manifest-path=/etc/static\n--container-runtime-endpoint=unix:///run/crio.sock\n",
			Kubelet{Config: DefaultKubeletConfigPath, StaticPodPath: "/etc/static", ManifestFlag: true, Runtime: "unix:///run/crio.sock"}},
		{"", Kubelet{Config: DefaultKubeletConfigPath}},
	} {
		if got := kubeletFlags(c.cmdline); got != c.want {
			t.Errorf("kubeletFlags(%q) = %+v, want %+v", c.cmdline, got, c.want)
		}
	}
}

func TestKubeletFacts(t *testing.T) {
	node := &scripted{answer: func(script string) (string, error) {
		switch {
		case script == kubeletCmdline:
			return "/usr/bin/kubelet\n--config=/etc/k/config.yaml\n", nil
		case script == "cat /etc/k/config.yaml":
			return "kind: KubeletConfiguration\n# staticPodPath: /nope\nstaticPodPath: /etc/kubernetes/manifests\ncontainerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n", nil
		}
		return "", errors.New("unexpected")
	}}
	k, err := kubeletFacts(context.Background(), node, "node-1")
	want := Kubelet{Config: "/etc/k/config.yaml", StaticPodPath: "/etc/kubernetes/manifests", Runtime: "unix:///run/containerd/containerd.sock"}
	if err != nil || k != want {
		t.Errorf("kubeletFacts = %+v, %v; want %+v", k, err, want)
	}
	none := &scripted{answer: func(script string) (string, error) {
		if script == kubeletCmdline {
			return "", nil
		}
		return "", errors.New("on node node-1: cat: can't open")
	}}
	if _, err := kubeletFacts(context.Background(), none, "node-1"); !text.HasKey(err, "err.node.kubeletconfig") || !strings.Contains(err.Error(), "config /var/lib/kubelet/config.yaml on node node-1") {
		t.Errorf("no config: %v", err)
	}
}

// StaticPodDir takes the kubelet's answer through the API first: none
// there means no look on the node; where the node cannot be read, the
// API's answer is enough; with neither, the node's error.
func TestStaticPodDir(t *testing.T) {
	down := func() *scripted {
		return &scripted{answer: func(string) (string, error) { return "", errors.New("node-1 does not answer") }}
	}
	configz := func(path string) *kube.Clients {
		return &kube.Clients{Client: fake.NewClientset(), Configz: func(context.Context, string) ([]byte, error) {
			return []byte(`{"kubeletconfig":{"staticPodPath":"` + path + `"}}`), nil
		}}
	}
	ctx := context.Background()
	node := down()
	if k, err := StaticPodDir(ctx, configz(""), node, "node-1"); err != nil || k.StaticPodPath != "" || len(node.ran) != 0 {
		t.Errorf("API says none: %+v, %v, ran %q", k, err, node.ran)
	}
	if k, err := StaticPodDir(ctx, configz(kube.K3sManifests), down(), "node-1"); err != nil || k.StaticPodPath != kube.K3sManifests {
		t.Errorf("API says %s, node down: %+v, %v", kube.K3sManifests, k, err)
	}
	if _, err := StaticPodDir(ctx, &kube.Clients{Client: fake.NewClientset()}, down(), "node-1"); err == nil {
		t.Error("neither the API nor the node answered, and no error")
	}
}

// WriteFile writes beside the file and renames it; ReadFile and RemoveFile
// look first.
func TestFiles(t *testing.T) {
	ctx := context.Background()
	node := &scripted{answer: func(script string) (string, error) {
		if strings.HasPrefix(script, "if [ -e") && strings.Contains(script, "cat") {
			return "y\nold: file\n", nil
		}
		if strings.Contains(script, "&& echo removed") {
			return "removed\n", nil
		}
		return "", nil
	}}
	if err := WriteFile(ctx, node, "n", "/etc/kubernetes/manifests/kpod-x.yaml", []byte("a: 1")); err != nil {
		t.Fatal(err)
	}
	want := "cat > /etc/kubernetes/manifests/.kpod-kpod-x.yaml.tmp <<'KPOD_EOF'\na: 1\nKPOD_EOF\nmv /etc/kubernetes/manifests/.kpod-kpod-x.yaml.tmp /etc/kubernetes/manifests/kpod-x.yaml"
	if node.ran[0] != want {
		t.Errorf("WriteFile ran\n%s\nwant\n%s", node.ran[0], want)
	}
	if err := WriteFile(ctx, node, "n", "/x", []byte("a\nKPOD_EOF\nb\n")); err == nil {
		t.Error("WriteFile took a file that ends its own heredoc")
	}
	if text, there, err := ReadFile(ctx, node, "n", "/x"); err != nil || !there || text != "old: file\n" {
		t.Errorf("ReadFile = %q, %v, %v", text, there, err)
	}
	if removed, err := RemoveFile(ctx, node, "n", "/etc/x y", "mark: /etc/x y"); err != nil || !removed {
		t.Errorf("RemoveFile = %v, %v", removed, err)
	}
	if last := node.ran[len(node.ran)-1]; last != "if [ -e '/etc/x y' ]; then grep -qF 'mark: /etc/x y' '/etc/x y' && rm '/etc/x y' && echo removed; fi" {
		t.Errorf("RemoveFile ran %s", last)
	}
}

func TestParseScan(t *testing.T) {
	web, sh, sandbox := strings.Repeat("a", 64), strings.Repeat("b", 64), strings.Repeat("c", 64)
	pod := &corev1.Pod{Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{
		{Name: "nginx-container", ContainerID: "containerd://" + web},
		{Name: "shell-container", ContainerID: "containerd://" + sh},
	}}}
	uid := "5f0c1a2b-1111-2222-3333-444455556666"
	out := strings.Join([]string{
		"200\t150\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\tsh -c while true; do sleep 5; done ",
		"180\t150\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + web + "\tnginx: master process nginx -g daemon off; ",
		"170\t150\tnet:[4026532500]\t0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + strings.ReplaceAll(uid, "-", "_") + ".slice/cri-containerd-" + sandbox + ".scope\t/pause ",
		"201\t200\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\tsleep 5 ",
		"202\t200\tnet:[4026532500]\t12:pids:/kubepods/besteffort/pod" + uid + "/" + sh + "\t",
		"garbage",
	}, "\n")
	procs := parseScan(out, pod)
	if len(procs) != 4 {
		t.Fatalf("want 4 processes, got %+v", procs)
	}
	if procs[0].Container != Sandbox || procs[0].PID != 170 || procs[0].ID != sandbox {
		t.Errorf("pause should come first: %+v", procs[0])
	}
	if procs[1].Container != "nginx-container" || procs[2].Container != "shell-container" {
		t.Errorf("containers not named: %+v", procs)
	}
	if got := PIDOf(procs, "shell-container", true); got != 200 {
		t.Errorf("main shell PID = %d, want 200", got)
	}
	if got := PIDOf(procs, Sandbox, false); got != 170 {
		t.Errorf("pause PID = %d, want 170", got)
	}
	if got := ShortIDs(procs[1].Cgroup); got != "/kubepods/besteffort/pod"+uid+"/aaaaaaaaaaaaa…" {
		t.Errorf("ShortIDs = %s", got)
	}
	if got := ProcScan(uid); got != "grep -lE 'pod"+uid+"|pod5f0c1a2b_1111_2222_3333_444455556666' /proc/[0-9]*/cgroup" {
		t.Errorf("ProcScan = %s", got)
	}
}
