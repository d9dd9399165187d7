// Package pause goes to the node of a running Pod and shows its sandbox:
// the pause process that holds the Pod's namespaces, the app containers'
// processes beside it, their cgroups and their one network namespace.
package pause

import (
	"context"
	"embed"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts, its errors (err.*) among them.
var words = text.MustLoad(files)

// Facts the lesson learns.
const (
	containers  lessons.Fact[string]      = "containers"      // the Pod's containers, as the API lists them
	podUID      lessons.Fact[string]      = "pod.uid"         // the Pod's UID
	podID       lessons.Fact[string]      = "pod-id"          // its sandbox's ID in the container runtime
	procsBefore lessons.Fact[[]node.Proc] = "before"          // the Pod's processes before the restart
	procsAfter  lessons.Fact[[]node.Proc] = "after"           // and after it
	netns       lessons.Fact[string]      = "netns"           // the Pod's network namespace
	ipInNetns   lessons.Fact[string]      = "pod.ip-in-netns" // the IP the sandbox's namespace holds
)

const (
	pod     = "multipod"
	shell   = "shell-container"
	podNode = `{{node "multipod"}}`
)

// Lesson is the `pause` lesson.
var Lesson = &lessons.Lesson{
	Name:    "pause",
	Chapter: 4,
	Text:    words,
	Tasks:   tasks,
	Node:    true,
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			{Key: "create", Do: []lessons.Action{lessons.WithNodes("", checkPause), lessons.Create("pod-multi.yaml"), lessons.Wait(pod, lessons.Ready)}},
			{Key: "api", Do: []lessons.Action{
				lessons.Get("jsonpath={.spec.containers[*].name}", pod).Into(containers),
				lessons.Get("jsonpath={.metadata.uid}", pod).Into(podUID),
				lessons.Get("jsonpath={.spec.nodeName}", pod).Into(lessons.NodeName),
			}},
			{Key: "crictl", Do: []lessons.Action{
				lessons.OnNode(podNode, "crictl pods --name "+pod+" --namespace {{ns}}"),
				lessons.OnNode(podNode, "crictl pods -q --state ready --label io.kubernetes.pod.uid="+podUID.Ref()).Into(podID),
				lessons.OnNode(podNode, "crictl ps --pod "+podID.Ref()),
			}},
			{Key: "processes", Do: []lessons.Action{lessons.PodProcesses(pod, procsBefore)}},
			{Key: "netns", Do: []lessons.Action{
				lessons.OnNode(podNode, "for f in "+lessons.NetnsFiles.Ref()+"; do readlink $f; done").Check(oneNetns),
				lessons.OnNode(podNode, "nsenter -t "+lessons.PausePID.Ref()+" -n ip addr").Check(holdsIP),
				lessons.Draw(pod),
			}},
			{Key: "restart", Do: []lessons.Action{
				lessons.OnNode(podNode, "kill -KILL "+lessons.ContainerPID(shell).Ref()),
				lessons.Wait(pod, restarted), lessons.Wait(pod, lessons.Ready),
				lessons.PodProcesses(pod, procsAfter),
				lessons.Do("", compare),
			}},
			{Key: "why"},
			{Key: "recap"},
		}
	},
}

// oneNetns checks that readlink printed one network namespace for every process.
func oneNetns(v lessons.View, out string) (report.Output, error) {
	set := map[string]bool{}
	for _, l := range strings.Fields(out) {
		set[l] = true
	}
	if len(set) != 1 {
		return report.Output{}, words.Err("err.pause.netns", text.Facts{"Pod": pod, "Count": len(set)})
	}
	netns.Set(v, strings.Fields(out)[0])
	return report.Output{}, nil
}

// holdsIP checks that the pause process's network namespace holds the Pod IP.
func holdsIP(v lessons.View, out string) (report.Output, error) {
	ip := podIP(v)
	pid, _ := lessons.PausePID.Get(v)
	for _, f := range strings.Fields(out) {
		if a, _, _ := strings.Cut(f, "/"); a == ip {
			ipInNetns.Set(v, ip)
			return report.Output{}.Note(ui.Good, v.Line("ip-found", text.Facts{"IP": ip, "PID": fmt.Sprint(pid)})), nil
		}
	}
	return report.Output{}, words.Err("err.pause.ip", text.Facts{"PID": pid, "IP": ip})
}

// restarted is the kubelet's first restart of the shell container, which
// the lesson killed: its restartCount is 1, as the kubectl wait it shows
// says. (The Pod can still be Ready at that moment; Ready is a wait of its
// own after it.)
var restarted = lessons.Cond{
	For: `jsonpath='{.status.containerStatuses[?(@.name=="` + shell + `")].restartCount}'=1`, Key: "wait.restarted",
	Fn: func(p *corev1.Pod) (bool, error) {
		c := kube.ContainerStatus(p, shell)
		return c != nil && c.RestartCount == 1, nil
	}}

// compare shows the sandbox before and after the restart, and checks it is the same.
func compare(_ context.Context, v lessons.View) (report.Output, error) {
	before, _ := procsBefore.Get(v)
	after, _ := procsAfter.Get(v)
	inNetns, _ := ipInNetns.Get(v)
	pid := func(procs []node.Proc, c string, main bool) string { return fmt.Sprint(node.PIDOf(procs, c, main)) }
	ip := podIP(v)
	rows := [][]report.Line{
		lessons.Plains(node.Sandbox+" PID", pid(before, node.Sandbox, false), pid(after, node.Sandbox, false)),
		lessons.Plains(shell+" PID", pid(before, shell, true), pid(after, shell, true)),
		{v.Line("table.netns", nil), report.Plain(before[0].NetNS), report.Plain(after[0].NetNS)},
		{v.Line("table.podip", nil), report.Plain(inNetns), report.Plain(ip)},
	}
	out := v.Table([]report.Line{report.Plain(""), v.Line("table.before", nil), v.Line("table.after", nil)}, rows)
	for _, r := range []int{0, 2, 3} {
		if rows[r][1].Text != rows[r][2].Text {
			return out, words.Err("err.pause.sandbox", text.Facts{"Container": shell, "What": rows[r][0].Text, "Old": rows[r][1].Text, "New": rows[r][2].Text})
		}
	}
	return report.Output{}.Note(ui.Good, v.Line("kept", nil)).Then(out), nil
}

// checkPause stops the lesson before it makes anything when every node
// that takes Pods runs a CRI-O that drops the pause container: there would
// be none to find. Nodes kpod may not list are no reason to stop.
func checkPause(_ lessons.View, nodes []corev1.Node, err error) (report.Output, error) {
	if err != nil {
		return report.Output{}, nil
	}
	return report.Output{}, noPause(nodes)
}

// noPause is the error saying that no node that takes Pods runs a pause
// process (CRI-O with drop_infra_ctr), or nil.
func noPause(nodes []corev1.Node) error {
	info := kube.Cluster(nodes, nil)
	var crio *kube.NodeInfo
	for i := range nodes {
		if !node.Schedulable(&nodes[i]) {
			continue
		}
		n, _ := info.Node(nodes[i].Name)
		if !n.DropsInfra() {
			return nil
		}
		crio = &n
	}
	if crio == nil {
		return nil
	}
	return words.Err("err.pause.crio", text.Facts{"Node": crio.Name, "Version": crio.RuntimeVersion})
}

// podIP is the Pod's IP as the run last saw it ("" before it has one).
func podIP(v lessons.View) string {
	if p := v.Pod(pod); p != nil {
		return p.Status.PodIP
	}
	return ""
}
