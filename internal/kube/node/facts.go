package node

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// DefaultKubeletConfigPath is where kubeadm and kind keep the kubelet's config.
const DefaultKubeletConfigPath = "/var/lib/kubelet/config.yaml"

// Kubelet is what kpod finds out about a node's kubelet.
type Kubelet struct {
	Config        string // its config file (--config, else DefaultKubeletConfigPath)
	StaticPodPath string // the directory it runs static Pods from; "" for none
	ManifestFlag  bool   // StaticPodPath comes from --pod-manifest-path
	Runtime       string // the container runtime's endpoint, "" if not set
}

// StaticPodDir finds node's kubelet and the directory it runs static Pods
// from: the kubelet's own answer through the API (/configz) first, then
// what the node shows (kubeletFacts). Where the node cannot be read (k3s
// runs its kubelet inside the k3s process), the API's answer is enough. A
// kubelet that says through the API it has no staticPodPath is not looked
// for on the node: StaticPodPath is "".
func StaticPodDir(ctx context.Context, c *kube.Clients, a Access, node string) (Kubelet, error) {
	api, known := kube.NodeStaticPodPath(ctx, c, node)
	if known && api == "" {
		return Kubelet{}, nil
	}
	k, err := kubeletFacts(ctx, a, node)
	if err != nil && known {
		return Kubelet{StaticPodPath: api}, nil
	}
	return k, err
}

// kubeletCmdline prints the running kubelet's arguments, one a line.
const kubeletCmdline = `for d in /proc/[0-9]*; do [ "$(cat $d/comm 2>/dev/null)" = kubelet ] && { tr '\0' '\n' < $d/cmdline; break; }; done; true`

// kubeletFacts reads node's kubelet: its command line (found in /proc),
// then its config file.
func kubeletFacts(ctx context.Context, a Access, node string) (Kubelet, error) {
	cmdline, err := a.Run(ctx, node, kubeletCmdline)
	if err != nil {
		return Kubelet{}, err
	}
	k := kubeletFlags(cmdline)
	data, err := a.Run(ctx, node, "cat "+shellescape.Quote(k.Config))
	if err != nil {
		if k.ManifestFlag {
			return k, nil
		}
		return k, words.Err("err.node.kubeletconfig", text.Facts{"File": k.Config, "Node": node}).Because(err)
	}
	var c struct {
		StaticPodPath            string `json:"staticPodPath"`
		ContainerRuntimeEndpoint string `json:"containerRuntimeEndpoint"`
	}
	if err := yaml.Unmarshal([]byte(data), &c); err != nil && !k.ManifestFlag {
		return k, words.Err("err.node.kubeletconfig.bad", text.Facts{"File": k.Config, "Node": node, "Why": err.Error()})
	}
	if !k.ManifestFlag {
		k.StaticPodPath = c.StaticPodPath
	}
	if k.Runtime == "" {
		k.Runtime = c.ContainerRuntimeEndpoint
	}
	return k, nil
}

// kubeletFlags reads the kubelet's command line (one argument a line).
func kubeletFlags(cmdline string) Kubelet {
	k := Kubelet{Config: DefaultKubeletConfigPath}
	args := strings.Split(strings.TrimSpace(cmdline), "\n")
	for i, a := range args {
		for _, f := range []struct {
			flag string
			to   *string
		}{{"--config", &k.Config}, {"--pod-manifest-path", &k.StaticPodPath}, {"--container-runtime-endpoint", &k.Runtime}} {
			if v, ok := strings.CutPrefix(a, f.flag+"="); ok {
				*f.to = v
			} else if a == f.flag && i+1 < len(args) {
				*f.to = args[i+1]
			}
		}
	}
	k.ManifestFlag = k.StaticPodPath != ""
	return k
}

// WriteFile writes data to file on node at once: under a hidden name beside
// it (the kubelet skips those), then renamed, so nothing ever reads half a file.
func WriteFile(ctx context.Context, a Access, node, file string, data []byte) error {
	const eof = "KPOD_EOF"
	body := string(data)
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	if strings.Contains("\n"+body, "\n"+eof+"\n") {
		return fmt.Errorf("%s: kpod cannot write a file with a line %s", file, eof)
	}
	tmp := shellescape.Quote(path.Join(path.Dir(file), ".kpod-"+path.Base(file)+".tmp"))
	script := "cat > " + tmp + " <<'" + eof + "'\n" + body + eof + "\nmv " + tmp + " " + shellescape.Quote(file)
	if _, err := a.Run(ctx, node, script); err != nil {
		return words.Err("err.node.write", text.Facts{"File": file}).Because(err)
	}
	return nil
}

// ReadFile returns file's content on node, and false when there is none.
func ReadFile(ctx context.Context, a Access, node, file string) (string, bool, error) {
	q := shellescape.Quote(file)
	out, err := a.Run(ctx, node, "if [ -e "+q+" ]; then echo y; cat "+q+"; else echo n; fi")
	if err != nil {
		return "", false, err
	}
	there, rest, _ := strings.Cut(out, "\n")
	return rest, there == "y", nil
}

// Sandbox names a Pod's pause process in kpod's tables.
const Sandbox = "(pause)"

// Proc is one process of a Pod, as seen on its node.
type Proc struct {
	PID, PPID int
	Container string // container name, or Sandbox
	ID        string // container (or sandbox) ID, from the cgroup path
	Cgroup    string // the cgroup path
	NetNS     string // readlink /proc/PID/ns/net
	Cmd       string
}

// ProcScan returns the shell line that finds a Pod's processes by its UID in
// their cgroups (cgroupfs drivers write it with -, systemd with _).
func ProcScan(uid string) string {
	return "grep -lE '" + uidPattern(uid) + "' /proc/[0-9]*/cgroup"
}

func uidPattern(uid string) string {
	return "pod" + uid + "|pod" + strings.ReplaceAll(uid, "-", "_")
}

// scanScript prints, for every process whose cgroup names the Pod's UID:
// PID, PPID, its network namespace, its first such cgroup line and its command.
// One grep reads every process's cgroup file, so the loop runs only for
// the Pod's own processes, not once for every process on the node.
func scanScript(uid string) string {
	return `for f in $(grep -lE '` + uidPattern(uid) + `' /proc/[0-9]*/cgroup 2>/dev/null); do
  d=${f%/cgroup}
  g=$(grep -m1 -E '` + uidPattern(uid) + `' "$f" 2>/dev/null) || continue
  n=$(readlink "$d/ns/net" 2>/dev/null) || continue
  pp=$(awk '/^PPid:/{print $2}' "$d/status" 2>/dev/null)
  c=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null)
  printf '%s\t%s\t%s\t%s\t%s\n' "${d#/proc/}" "$pp" "$n" "$g" "$c"
done`
}

// PodProcesses finds pod's processes on its node, the pause process first.
func PodProcesses(ctx context.Context, a Access, pod *corev1.Pod) ([]Proc, error) {
	out, err := a.Run(ctx, pod.Spec.NodeName, scanScript(string(pod.UID)))
	if err != nil {
		return nil, err
	}
	procs := parseScan(out, pod)
	if PIDOf(procs, Sandbox, false) == 0 {
		return procs, words.Err("err.node.nopause", text.Facts{"Pod": pod.Name, "Node": pod.Spec.NodeName, "UID": string(pod.UID)})
	}
	return procs, nil
}

var containerID = regexp.MustCompile(`[0-9a-f]{64}`)

// parseScan reads the scan's output and names each process's container
// from the Pod's status (the pause process is the one in no app container).
func parseScan(out string, p *corev1.Pod) []Proc {
	names := map[string]string{}
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for _, c := range list {
			if _, id, ok := strings.Cut(c.ContainerID, "://"); ok {
				names[id] = c.Name
			}
		}
	}
	var procs []Proc
	for _, line := range strings.Split(out, "\n") {
		f := strings.SplitN(line, "\t", 5)
		if len(f) < 5 {
			continue
		}
		pid, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pr := Proc{PID: pid, PPID: ppid, NetNS: f[2], Cmd: strings.TrimSpace(f[4])}
		if pr.Cmd == "" {
			continue // a process that just ended, or a zombie
		}
		// "12:memory:/kubepods/..." on cgroup v1, "0::/kubepods.slice/..." on v2
		if parts := strings.SplitN(f[3], ":", 3); len(parts) == 3 {
			pr.Cgroup = parts[2]
		}
		if ids := containerID.FindAllString(pr.Cgroup, -1); len(ids) > 0 {
			pr.ID = ids[len(ids)-1]
		}
		switch name, ok := names[pr.ID]; {
		case ok:
			pr.Container = name
		case isPause(pr.Cmd):
			pr.Container = Sandbox
		default:
			pr.Container = "?"
		}
		procs = append(procs, pr)
	}
	sort.Slice(procs, func(i, j int) bool {
		if (procs[i].Container == Sandbox) != (procs[j].Container == Sandbox) {
			return procs[i].Container == Sandbox
		}
		return procs[i].PID < procs[j].PID
	})
	return procs
}

// isPause reports whether a command line is the pause program's.
func isPause(cmd string) bool {
	f := strings.Fields(cmd)
	return len(f) > 0 && (f[0] == "/pause" || strings.HasSuffix(f[0], "/pause"))
}

// PIDOf returns the PID of a container's process (0 for none): its main
// one (whose parent is outside the container) when main is set, else the first.
func PIDOf(procs []Proc, container string, main bool) int {
	in := map[int]bool{}
	for _, p := range procs {
		if p.Container == container {
			in[p.PID] = true
		}
	}
	for _, p := range procs {
		if p.Container == container && (!main || !in[p.PPID]) {
			return p.PID
		}
	}
	return 0
}

// ShortIDs shortens the 64-digit IDs in a cgroup path to crictl's 13.
func ShortIDs(path string) string {
	return containerID.ReplaceAllStringFunc(path, func(id string) string { return id[:13] + "…" })
}
