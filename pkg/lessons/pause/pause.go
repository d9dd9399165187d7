// Package pause goes to the node of a running Pod and shows its sandbox:
// the pause process that holds the Pod's namespaces, the app containers'
// processes beside it, their cgroups and their one network namespace.
package pause

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/pkg/kube"
	"github.com/kpod-dev/kpod/pkg/lessons"
)

//go:embed en.md ko.md
var text embed.FS

const (
	pod   = "multipod"
	shell = "shell-container"
	// Sandbox names the pause process in kpod's tables.
	Sandbox = "(pause)"
)

// Lesson is the `pause` lesson.
var Lesson = &lessons.Lesson{
	Name:    "pause",
	Section: 4,
	Text:    lessons.MustLoadText(text),
	Steps: func(lessons.Values) []lessons.Step {
		l := &run{}
		return []lessons.Step{
			{Key: "create", Do: []lessons.Action{lessons.Create("pod-multi.yaml"), lessons.Wait(pod, lessons.Ready)}},
			{Key: "api", Do: []lessons.Action{
				lessons.JSONPath(pod, "{.spec.containers[*].name}", "containers"),
				lessons.JSONPath(pod, "{.metadata.uid}", "pod.uid"),
			}},
			{Key: "crictl", Do: []lessons.Action{lessons.Do("", l.start), onNode(l, "crictl pods --name "+pod+" --namespace {{ns}}", l.pods), onNode(l, "crictl ps --pod {{sandbox}}", l.containers)}},
			{Key: "processes", Do: []lessons.Action{onNode(l, "grep -lE 'pod{{uid}}|pod{{uid_}}' /proc/[0-9]*/cgroup", l.processes)}},
			{Key: "netns", Do: []lessons.Action{
				onNode(l, "readlink {{netns}}", l.netns),
				onNode(l, "nsenter -t {{pausepid}} -n ip addr", l.addresses),
				lessons.Do("", l.ipFound),
			}},
			{Key: "restart", Do: []lessons.Action{
				onNode(l, "kill -KILL {{shellpid}}", l.kill),
				&nodeAction{l: l, api: true, show: "wait --for=condition=Ready pod/" + pod, fn: l.restarted},
				onNode(l, "grep -lE 'pod{{uid}}|pod{{uid_}}' /proc/[0-9]*/cgroup", l.again),
				lessons.Do("", l.kept),
			}},
			{Key: "why"},
			{Key: "recap"},
		}
	},
}

// Proc is one process of the Pod, as seen from the node.
type Proc struct {
	PID, PPID int
	Container string // container name, or Sandbox
	ID        string // container (or sandbox) ID, from the cgroup path
	Cgroup    string // the cgroup path
	NetNS     string // readlink /proc/PID/ns/net
	Cmd       string
}

// run is the state of one run of the lesson.
type run struct {
	node    *kube.NodeHelper
	noNode  bool
	uid     string
	sandbox string
	procs   []Proc
	ip      string
}

// nodeAction runs a script on the node and shows it as `ssh NODE sudo ...`.
type nodeAction struct {
	l    *run
	api  bool // a kubectl command, not one on the node
	show string
	fn   func(ctx context.Context, s *lessons.Session) (string, error)
}

func onNode(l *run, show string, fn func(ctx context.Context, s *lessons.Session) (string, error)) lessons.Action {
	return &nodeAction{l: l, show: show, fn: fn}
}

func (a *nodeAction) Show(s *lessons.Session) string {
	if a.l.noNode {
		return ""
	}
	if a.api {
		return s.Kubectl(a.l.fill(s, a.show))
	}
	return "ssh " + s.Expand(`{{node "`+pod+`"}}`) + " sudo " + a.l.fill(s, a.show)
}

// fill puts the facts found so far into a command line (placeholders in a dry run).
func (l *run) fill(s *lessons.Session, cmd string) string {
	uid := l.uid
	if uid == "" {
		uid = "<pod-uid>"
	}
	var paths []string
	for _, p := range l.procs {
		paths = append(paths, fmt.Sprintf("/proc/%d/ns/net", p.PID))
	}
	if len(paths) == 0 {
		paths = []string{"/proc/<pid>/ns/net", "..."}
	}
	return s.Expand(strings.NewReplacer(
		"{{uid}}", uid, "{{uid_}}", strings.ReplaceAll(uid, "-", "_"),
		"{{sandbox}}", or(short(l.sandbox), "<pod-id>"),
		"{{netns}}", strings.Join(paths, " "),
		"{{pausepid}}", or(pidOf(l.procs, Sandbox, false), "<pause-pid>"),
		"{{shellpid}}", or(pidOf(l.procs, shell, true), "<shell-pid>"),
	).Replace(cmd))
}

func (a *nodeAction) Run(ctx context.Context, s *lessons.Session) (string, error) {
	if err := a.l.ensureNode(ctx, s); err != nil {
		return "", err
	}
	if a.l.noNode {
		return "", nil
	}
	return a.fn(ctx, s)
}

// start makes the node helper before the first node command is shown.
func (l *run) start(ctx context.Context, s *lessons.Session) (string, error) {
	return "", l.ensureNode(ctx, s)
}

// ensureNode starts the node helper the first time; a cluster that refuses
// it is not an error: the node steps are skipped and explained instead.
func (l *run) ensureNode(ctx context.Context, s *lessons.Session) error {
	if l.node != nil || l.noNode {
		return nil
	}
	p := s.Timeline.Pod(pod)
	if p == nil || p.Spec.NodeName == "" {
		return fmt.Errorf("pod/%s has no node yet", pod)
	}
	l.uid = string(p.UID)
	h, err := s.Node(ctx, p.Spec.NodeName)
	if errors.Is(err, kube.ErrNoNodeAccess) {
		l.noNode = true
		s.Report.Note(lessons.NoteWarn, s.T("no-node", lessons.Vars{Node: p.Spec.NodeName}))
		return nil
	}
	if err != nil {
		return err
	}
	l.node = h
	return nil
}

// pods runs `crictl pods` for the Pod and finds its sandbox ID.
func (l *run) pods(ctx context.Context, s *lessons.Session) (string, error) {
	if out, err := l.node.OnHost(ctx, "command -v crictl"); err != nil || strings.TrimSpace(out) == "" {
		s.Report.Note(lessons.NoteWarn, s.T("no-crictl", lessons.Vars{Node: l.node.Node}))
		return "", nil
	}
	out, err := l.node.OnHost(ctx, "crictl pods --name "+pod+" --namespace "+s.Namespace)
	if err != nil {
		s.Report.Note(lessons.NoteWarn, s.T("crictl-failed", lessons.Vars{Message: err.Error()}))
		return out, nil
	}
	id, err := l.node.OnHost(ctx, "crictl pods -q --state ready --label io.kubernetes.pod.uid="+l.uid)
	if err == nil {
		l.sandbox = strings.TrimSpace(id)
	}
	return out, nil
}

// containers runs `crictl ps` for the sandbox.
func (l *run) containers(ctx context.Context, s *lessons.Session) (string, error) {
	if l.sandbox == "" {
		return "", nil
	}
	out, err := l.node.OnHost(ctx, "crictl ps --pod "+l.sandbox)
	if err != nil {
		s.Report.Note(lessons.NoteWarn, s.T("crictl-failed", lessons.Vars{Message: err.Error()}))
	}
	return out, nil
}

// scanScript prints, for every process whose cgroup names the Pod's UID:
// PID, PPID, its network namespace, its first cgroup line and its command.
func scanScript(uid string) string {
	re := "pod" + uid + "|pod" + strings.ReplaceAll(uid, "-", "_")
	return `for d in /proc/[0-9]*; do
  g=$(grep -m1 -E '` + re + `' "$d/cgroup" 2>/dev/null) || continue
  n=$(readlink "$d/ns/net" 2>/dev/null) || continue
  pp=$(awk '/^PPid:/{print $2}' "$d/status" 2>/dev/null)
  c=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null)
  printf '%s\t%s\t%s\t%s\t%s\n' "${d#/proc/}" "$pp" "$n" "$g" "$c"
done`
}

var containerID = regexp.MustCompile(`[0-9a-f]{64}`)

// ParseScan reads scanScript's output and names each process's container
// from the Pod's status (the pause process is the one in no app container).
func ParseScan(out string, p *corev1.Pod) []Proc {
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
		ids := containerID.FindAllString(pr.Cgroup, -1)
		if len(ids) > 0 {
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

func (l *run) scan(ctx context.Context, s *lessons.Session) ([]Proc, error) {
	p := s.Timeline.Pod(pod)
	if p == nil {
		return nil, fmt.Errorf("pod/%s is gone", pod)
	}
	out, err := l.node.Sh(ctx, scanScript(string(p.UID)))
	if err != nil {
		return nil, err
	}
	procs := ParseScan(out, p)
	if pidOf(procs, Sandbox, false) == "" {
		return procs, fmt.Errorf("no /pause process of pod/%s found on node %s (UID %s)", pod, l.node.Node, p.UID)
	}
	return procs, nil
}

// processes lists the Pod's processes and their cgroups.
func (l *run) processes(ctx context.Context, s *lessons.Session) (string, error) {
	procs, err := l.scan(ctx, s)
	if err != nil {
		return "", err
	}
	l.procs = procs
	if l.sandbox == "" {
		l.sandbox = procs[0].ID
	}
	s.Report.Fact("pause.pid", procs[0].PID)
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "PID\tCONTAINER\tCOMMAND")
	for _, p := range procs {
		fmt.Fprintf(w, "%d\t%s\t%s\n", p.PID, p.Container, p.Cmd)
	}
	w.Flush()
	b.WriteString("\n")
	w = tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "CONTAINER\tCGROUP")
	seen := map[string]bool{}
	for _, p := range procs {
		if !seen[p.Container] {
			seen[p.Container] = true
			fmt.Fprintf(w, "%s\t%s\n", p.Container, shortCgroup(p.Cgroup))
		}
	}
	w.Flush()
	return b.String(), nil
}

// netns shows each process's network namespace and checks they are one.
func (l *run) netns(ctx context.Context, s *lessons.Session) (string, error) {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "PID\tCONTAINER\tNETWORK NAMESPACE")
	set := map[string]bool{}
	for _, p := range l.procs {
		fmt.Fprintf(w, "%d\t%s\t%s\n", p.PID, p.Container, p.NetNS)
		set[p.NetNS] = true
	}
	w.Flush()
	if len(set) != 1 {
		return b.String(), fmt.Errorf("the processes of pod/%s are in %d network namespaces, not one", pod, len(set))
	}
	s.Report.Fact("netns", l.procs[0].NetNS)
	return b.String(), nil
}

// addresses shows the addresses inside the sandbox's network namespace.
func (l *run) addresses(ctx context.Context, s *lessons.Session) (string, error) {
	pid := pidOf(l.procs, Sandbox, false)
	out, err := l.node.Sh(ctx, "nsenter -t "+pid+" -n ip addr")
	if err != nil {
		// No nsenter: the kernel shows the same namespace's addresses in /proc/PID/net.
		out, err = l.node.Sh(ctx, "cat /proc/"+pid+"/net/fib_trie /proc/"+pid+"/net/if_inet6")
		if err != nil {
			return "", err
		}
		out = strings.Join(LocalAddrs(out), "\n") + "\n"
	}
	p := s.Timeline.Pod(pod)
	l.ip = p.Status.PodIP
	if !hasAddr(out, l.ip) {
		return out, fmt.Errorf("the network namespace of the pause process (PID %s) does not hold the Pod IP %s", pid, l.ip)
	}
	return out, nil
}

// ipFound says what the addresses showed.
func (l *run) ipFound(_ context.Context, s *lessons.Session) (string, error) {
	if !l.noNode {
		s.Report.Fact("pod.ip.in.netns", l.ip)
		s.Report.Note(lessons.NoteGood, s.T("ip-found", lessons.Vars{IP: l.ip, Message: pidOf(l.procs, Sandbox, false)}))
	}
	return "", nil
}

func hasAddr(out, ip string) bool {
	for _, f := range strings.Fields(out) {
		if a, _, _ := strings.Cut(f, "/"); a == ip {
			return true
		}
	}
	return false
}

// LocalAddrs reads /proc/PID/net/fib_trie (IPv4) and if_inet6 (IPv6) and
// returns the namespace's own addresses, loopback left out.
func LocalAddrs(out string) []string {
	var addrs []string
	seen := map[string]bool{}
	add := func(a string) {
		if !seen[a] {
			seen[a] = true
			addrs = append(addrs, a)
		}
	}
	last := ""
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "|--":
			last = f[1]
		case strings.Contains(line, "/32 host LOCAL") && last != "" && !strings.HasPrefix(last, "127."):
			add(last)
		case len(f) == 6 && len(f[0]) == 32 && f[5] != "lo":
			var b strings.Builder
			for i := 0; i < 32; i += 4 {
				if i > 0 {
					b.WriteByte(':')
				}
				b.WriteString(f[0][i : i+4])
			}
			if scope := f[3]; scope == "00" { // global scope only
				add(compact6(b.String()))
			}
		}
	}
	return addrs
}

// compact6 writes a full IPv6 address the short way (fd00:0:...:1 → fd00::1).
func compact6(full string) string {
	parts := strings.Split(full, ":")
	for i, p := range parts {
		p = strings.TrimLeft(p, "0")
		if p == "" {
			p = "0"
		}
		parts[i] = p
	}
	// the longest run of zero groups becomes ::
	best, bestLen := -1, 1
	for i := 0; i < len(parts); {
		j := i
		for j < len(parts) && parts[j] == "0" {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		if j == i {
			j++
		}
		i = j
	}
	if best < 0 {
		return strings.Join(parts, ":")
	}
	return strings.Join(parts[:best], ":") + "::" + strings.Join(parts[best+bestLen:], ":")
}

// kill ends the shell container's main process from the node.
func (l *run) kill(ctx context.Context, s *lessons.Session) (string, error) {
	pid := pidOf(l.procs, shell, true)
	if pid == "" {
		return "", fmt.Errorf("no process of %s found", shell)
	}
	return l.node.Sh(ctx, "kill -KILL "+pid)
}

// restarted waits until the kubelet has started the shell container again.
func (l *run) restarted(ctx context.Context, s *lessons.Session) (string, error) {
	_, err := s.WaitFor(ctx, pod, lessons.Cond{Desc: "restarted", Fn: func(p *corev1.Pod) (bool, error) {
		for _, c := range p.Status.ContainerStatuses {
			if c.Name == shell && c.RestartCount < 1 {
				return false, nil
			}
		}
		return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
	}})
	if err != nil {
		return "", err
	}
	return "pod/" + pod + " condition met", nil
}

// again looks at the processes after the restart and compares.
func (l *run) again(ctx context.Context, s *lessons.Session) (string, error) {
	procs, err := l.scan(ctx, s)
	if err != nil {
		return "", err
	}
	p := s.Timeline.Pod(pod)
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "PID\tCONTAINER\tNETWORK NAMESPACE\tCOMMAND")
	for _, pr := range procs {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", pr.PID, pr.Container, pr.NetNS, pr.Cmd)
	}
	w.Flush()
	b.WriteString("\n")
	w = tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "\tBEFORE\tAFTER")
	pause0, pause1 := pidOf(l.procs, Sandbox, false), pidOf(procs, Sandbox, false)
	shell0, shell1 := pidOf(l.procs, shell, true), pidOf(procs, shell, true)
	fmt.Fprintf(w, "%s PID\t%s\t%s\n", Sandbox, pause0, pause1)
	fmt.Fprintf(w, "%s PID\t%s\t%s\n", shell, shell0, shell1)
	fmt.Fprintf(w, "network namespace\t%s\t%s\n", l.procs[0].NetNS, procs[0].NetNS)
	fmt.Fprintf(w, "Pod IP\t%s\t%s\n", l.ip, p.Status.PodIP)
	w.Flush()
	same := pause0 == pause1 && l.procs[0].NetNS == procs[0].NetNS && l.ip == p.Status.PodIP
	if !same {
		return b.String(), fmt.Errorf("the sandbox changed when %s restarted", shell)
	}
	return b.String(), nil
}

// kept says what the comparison showed.
func (l *run) kept(_ context.Context, s *lessons.Session) (string, error) {
	if !l.noNode {
		s.Report.Note(lessons.NoteGood, s.T("kept", lessons.Vars{}))
	}
	return "", nil
}

// pidOf returns the PID of a container's process: its main one (whose
// parent is outside the container) when main is set, else the first.
func pidOf(procs []Proc, container string, main bool) string {
	in := map[int]bool{}
	for _, p := range procs {
		if p.Container == container {
			in[p.PID] = true
		}
	}
	for _, p := range procs {
		if p.Container == container && (!main || !in[p.PPID]) {
			return strconv.Itoa(p.PID)
		}
	}
	return ""
}

// shortCgroup shortens the 64-digit IDs in a cgroup path to crictl's 13.
func shortCgroup(path string) string {
	return containerID.ReplaceAllStringFunc(path, shortEllipsis)
}

func short(id string) string {
	if len(id) > 13 {
		return id[:13]
	}
	return id
}

func shortEllipsis(id string) string {
	if len(id) > 13 {
		return id[:13] + "…"
	}
	return id
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
