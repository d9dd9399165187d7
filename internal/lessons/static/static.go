// Package static runs a static Pod: a manifest file in a node's
// staticPodPath that the kubelet runs by itself, publishing a mirror Pod to
// the API server that the API cannot really delete.
package static

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// Facts the lesson learns.
const (
	replaced         lessons.Replaced       = "mirror" // the mirror Pod before it was deleted and after the kubelet made it again
	mirrorAnnotation lessons.Fact[string]   = "mirror.annotation"
	containerKept    lessons.Fact[bool]     = "container.kept"
	systemMirrors    lessons.Fact[[]string] = "kube-system.mirrors"
)

var (
	picked = lessons.NodeName.Ref()
	mirror = "static-web-" + picked // the kubelet names a mirror Pod NAME-NODE
)

const (
	manifest = "static-web.yaml"
	columns  = "custom-columns=UID:.metadata.uid,CONTAINER:.status.containerStatuses[0].containerID,STARTED:.status.containerStatuses[0].state.running.startedAt,RESTARTS:.status.containerStatuses[0].restartCount"
)

// Lesson is the `static` lesson.
var Lesson = &lessons.Lesson{
	Name:    "static",
	Chapter: 5,
	Text:    text.MustLoad(files),
	Tasks:   tasks,
	Options: []lessons.Option{{Name: "node", Usage: "opt.node"}},
	Node:    true,
	Steps: func(lessons.Values) []lessons.Step {
		cp := &controlPlane{}
		return []lessons.Step{
			{Key: "config", Do: []lessons.Action{
				lessons.PickNode("node"),
				lessons.Kubelet(picked),
				// k3s's kubelet, inside the k3s process, has no config file:
				// it was told its staticPodPath through the API only.
				lessons.IfLearned(lessons.KubeletConfig, lessons.OnNode(picked, "grep staticPodPath "+lessons.KubeletConfig.Ref())),
			}},
			{Key: "write", Do: []lessons.Action{lessons.StaticPod(manifest, picked), lessons.Wait(mirror, lessons.Ready)}},
			{Key: "mirror", Do: []lessons.Action{
				lessons.WithPod("kubectl get pod "+mirror+" -o yaml", mirror, metadata),
				lessons.WithPod("kubectl get pod "+mirror+" -o "+columns, mirror, table),
			}},
			{Key: "delete", Do: []lessons.Action{
				lessons.DeleteReplaced(mirror, replaced),
				lessons.WithPod("kubectl get pod "+mirror+" -o "+columns, mirror, table),
				lessons.Do("", compare),
			}},
			{Key: "remove", Do: []lessons.Action{lessons.OnNode(picked, "rm "+lessons.StaticFile.Ref()), lessons.WaitGone(mirror)}},
			{Key: "control-plane", Do: []lessons.Action{
				lessons.OnNode(picked, "ls -l "+lessons.StaticPodPath.Ref()).Check(listed),
				lessons.WithNodes("", cp.nodes),
				lessons.WithPods("kubectl get pods -n kube-system", "kube-system", cp.system),
			}},
			{Key: "recap"},
		}
	},
}

// metadata shows the mirror Pod's metadata: who made it and what marks it.
func metadata(v lessons.View, p *corev1.Pod) (report.Output, error) {
	mirrorAnnotation.Set(v, p.Annotations[corev1.MirrorPodAnnotationKey])
	var managers []map[string]string
	for _, f := range p.ManagedFields {
		m := map[string]string{"manager": f.Manager, "operation": string(f.Operation)}
		if f.Subresource != "" {
			m["subresource"] = f.Subresource
		}
		managers = append(managers, m)
	}
	b, err := yaml.Marshal(map[string]any{"metadata": map[string]any{
		"name": p.Name, "namespace": p.Namespace, "uid": p.UID, "labels": p.Labels, "annotations": p.Annotations,
		"ownerReferences": p.OwnerReferences, "managedFields": managers,
	}})
	return report.Quoted(string(b) + "spec: ...   (").Say(v.Line("metadata-only", nil)).Quote(")\n"), err
}

// table shows the mirror Pod's UID and its container, as the custom columns do.
func table(_ lessons.View, p *corev1.Pod) (report.Output, error) {
	row := []string{string(p.UID), "<none>", "<none>", "<none>"}
	if len(p.Status.ContainerStatuses) > 0 {
		c := p.Status.ContainerStatuses[0]
		row[1], row[3] = c.ContainerID, fmt.Sprint(c.RestartCount)
		if r := c.State.Running; r != nil {
			row[2] = r.StartedAt.UTC().Format(time.RFC3339)
		}
	}
	return report.Quoted(kube.Columns([]string{"UID", "CONTAINER", "STARTED", "RESTARTS"}, [][]string{row})), nil
}

// kept reports whether the static Pod's container kept running while its
// mirror Pod was replaced: same container ID, same start, no restart.
func kept(before, after *corev1.Pod) bool {
	if len(before.Status.ContainerStatuses) == 0 || len(after.Status.ContainerStatuses) == 0 {
		return false
	}
	b, a := before.Status.ContainerStatuses[0], after.Status.ContainerStatuses[0]
	if b.State.Running == nil || a.State.Running == nil {
		return false
	}
	return b.ContainerID == a.ContainerID && b.State.Running.StartedAt.Equal(&a.State.Running.StartedAt) && a.RestartCount == b.RestartCount
}

// compare says what the delete did and did not change.
func compare(_ context.Context, v lessons.View) (report.Output, error) {
	before, _ := replaced.Before().Get(v)
	after, _ := replaced.After().Get(v)
	back, _ := replaced.BackSeconds().Get(v)
	same := kept(before, after)
	containerKept.Set(v, same)
	short := func(p *corev1.Pod) string { return string(p.UID)[:8] + "…" }
	took := time.Duration(back) * time.Second
	facts := text.Facts{"Pod": after.Name, "OldUID": short(before), "NewUID": short(after), "Took": took.String()}
	if same {
		return report.Output{}.Note(ui.Good, v.Line("kept", facts)), nil
	}
	return report.Output{}.Note(ui.Warn, v.Line("restarted", facts)), nil
}

// listed says so when the staticPodPath holds nothing but what kpod wrote.
func listed(v lessons.View, out string) (report.Output, error) {
	if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out), "total 0")) == "" {
		return report.Output{}.Note(ui.Info, v.Line("empty", text.Facts{"Node": v.Fill(picked), "Path": v.Fill(lessons.StaticPodPath.Ref())})), nil
	}
	return report.Output{}, nil
}

// controlPlane is what the last step learns of the cluster's control plane.
type controlPlane struct{ k3s bool }

// nodes notes whether the nodes are k3s's, silently.
func (c *controlPlane) nodes(_ lessons.View, nodes []corev1.Node, err error) (report.Output, error) {
	c.k3s = err == nil && isK3s(nodes)
	return report.Output{}, nil
}

// system shows kube-system's Pods and says which are mirror Pods.
func (c *controlPlane) system(v lessons.View, pods []corev1.Pod, err error) (report.Output, error) {
	if err != nil {
		return report.Output{}.Note(ui.Info, v.Line("no-kube-system", text.Facts{"Why": err.Error()})), nil
	}
	mirrors := []string{}
	for i := range pods {
		if kube.IsMirror(&pods[i]) {
			mirrors = append(mirrors, pods[i].Name)
		}
	}
	sort.Strings(mirrors)
	systemMirrors.Set(v, mirrors)
	key := "mirrors"
	if len(mirrors) == 0 {
		key = "no-mirrors"
		if c.k3s {
			key = "no-mirrors.k3s"
		}
	}
	return report.Quoted(kube.PodTable(pods, false, v.Time()) + "\n").Say(v.Line(key, text.Facts{"Mirrors": strings.Join(mirrors, ", ")})), nil
}

// isK3s reports whether the nodes are k3s's (or k3d's), whose control plane
// runs inside the k3s process, not as static Pods.
func isK3s(nodes []corev1.Node) bool {
	d := kube.Cluster(nodes, nil).Distribution
	return d == kube.DistK3s || d == kube.DistK3d
}
