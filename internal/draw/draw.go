// Package draw pictures a Pod as boxes: a frame with its node, IP and
// STATUS; the sandbox that holds its network namespace; its init
// containers in order; native sidecars beside the app containers, each
// with its state, restarts and last exit; and its volumes as lines to the
// containers that mount them. Draw is a pure function of a Pod; Watch and
// Run follow a Pod in the cluster and redraw it as it changes.
package draw

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Widths: a drawing is MinWidth columns at least, DefaultWidth unless told,
// and puts boxes side by side only from sideBySide columns on.
const (
	MinWidth     = 60
	DefaultWidth = 80
	sideBySide   = 80
)

// Options say how to draw.
type Options struct {
	Width    int            // columns; 0 is DefaultWidth, under MinWidth is MinWidth
	Plain    bool           // ASCII borders and marks, no colour
	Theme    ui.Theme       // the caller's colours when not Plain; the zero Theme paints nothing
	Lang     string         // "en" (default) or "ko"
	Location *time.Location // time zone of the times shown; nil is UTC
	NoPause  bool           // the runtime runs no pause process (CRI-O's drop_infra_ctr)
}

// Draw returns the drawing of pod, every line at most opts.Width columns
// wide, without a final newline.
func Draw(pod *corev1.Pod, opts Options) string {
	return strings.Join(newDrawer(opts).pod(pod), "\n")
}

// state is what a mark says.
type state int

const (
	done state = iota
	running
	failed
	waiting
)

type drawer struct {
	o         Options
	frame     frame
	marks     map[state]string
	sep, link string
	more      string // ends a cut title
}

func newDrawer(o Options) *drawer {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	o.Width = max(o.Width, MinWidth)
	if o.Location == nil {
		o.Location = time.UTC
	}
	d := &drawer{o: o}
	if o.Plain {
		d.frame, d.sep, d.link, d.more = ascii, " | ", "--", "..."
		d.marks = map[state]string{done: "ok", running: ">", failed: "x", waiting: ".."}
	} else {
		d.frame, d.sep, d.link, d.more = rounded, " · ", "──", "…"
		d.marks = map[state]string{done: "✓", running: "▶", failed: "✗", waiting: "…"}
	}
	return d
}

func (d *drawer) paint(t tone, s string) string {
	paint := painter(d.o.Theme, t)
	if d.o.Plain || paint == nil || s == "" {
		return s
	}
	return paint(s)
}

// pod draws the frame and everything in it.
func (d *drawer) pod(pod *corev1.Pod) []string {
	inner := d.o.Width - 4
	var body []string
	put := func(s string, t tone, indent string) {
		for _, l := range wrap(s, inner, indent) {
			body = append(body, pad(d.paint(t, l), inner))
		}
	}

	if pod.Spec.NodeName == "" {
		put(d.word("drawing.not-scheduled", nil), toneWarn, "  ")
	} else {
		put(d.word("drawing.node", text.Facts{"Node": pod.Spec.NodeName})+d.sep+d.word("drawing.ip", text.Facts{"IP": d.ips(pod)}), toneNone, "  ")
	}
	status, ready := kube.PodStatus(pod), kube.Ready(pod)
	if plain := "STATUS " + status + d.sep + "READY " + ready; width(plain) <= inner {
		body = append(body, pad("STATUS "+d.paint(d.statusTone(pod, status), status)+d.sep+"READY "+ready, inner))
	} else {
		put(plain, toneNone, "  ")
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Message != "" {
			put(c.Message, toneWarn, "  ")
		}
	}
	if pod.Status.Message != "" {
		put(pod.Status.Message, toneBad, "  ")
	}

	if pod.Spec.NodeName != "" {
		body = append(body, d.row([]box{d.sandbox(pod)}, inner)...)
	}
	var inits, apps []box
	n := len(pod.Spec.InitContainers)
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		if sidecar(c) {
			apps = append(apps, d.container(pod, c, d.word("drawing.sidecar", nil), true))
		} else {
			inits = append(inits, d.container(pod, c, d.word("drawing.init", text.Facts{"N": i + 1, "Of": n}), false))
		}
	}
	for i := range pod.Spec.Containers {
		apps = append(apps, d.container(pod, &pod.Spec.Containers[i], d.word("drawing.app", nil), true))
	}
	if len(inits) > 0 {
		body = append(body, d.row(inits, inner)...)
	}
	body = append(body, d.row(apps, inner)...)

	if len(pod.Spec.Volumes) > 0 {
		put(d.word("drawing.volumes", nil), toneSubtle, "")
		for _, v := range pod.Spec.Volumes {
			put("  "+v.Name+" ("+volumeKind(v)+") "+d.link+" "+d.mounts(pod, v.Name), toneNone, "    ")
		}
	}
	return d.enclose("", "pod/"+pod.Name, toneSubtle, body, d.o.Width)
}

func (d *drawer) ips(pod *corev1.Pod) string {
	var ips []string
	for _, ip := range pod.Status.PodIPs {
		ips = append(ips, ip.IP)
	}
	if len(ips) == 0 && pod.Status.PodIP != "" {
		ips = append(ips, pod.Status.PodIP)
	}
	if len(ips) == 0 {
		return d.word("drawing.none-yet", nil)
	}
	return strings.Join(ips, ", ")
}

// sandbox is the box of the Pod's sandbox: the network namespace it holds
// and, from the PodReadyToStartContainers condition, whether it is ready.
func (d *drawer) sandbox(pod *corev1.Pod) box {
	b := box{title: d.word("drawing.sandbox-pause", nil), tone: toneSubtle}
	if d.o.NoPause {
		b.title = d.word("drawing.sandbox", nil)
	}
	b.lines = []line{{d.word("drawing.netns", nil) + d.sep + d.word("drawing.ip", text.Facts{"IP": d.ips(pod)}), toneNone}, {d.word("drawing.shared", nil), toneNone}}
	if pod.Spec.HostNetwork {
		b.lines = []line{{d.word("drawing.host-netns", nil) + d.sep + d.word("drawing.ip", text.Facts{"IP": d.ips(pod)}), toneNone}}
	}
	switch kube.Condition(pod, corev1.PodReadyToStartContainers) {
	case corev1.ConditionTrue:
		b.mark, b.tone = d.marks[running], toneGood
		b.lines = append(b.lines, line{d.word("drawing.sandbox-ready", nil), toneGood})
	case corev1.ConditionFalse:
		if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
			b.lines = append(b.lines, line{d.word("drawing.sandbox-gone", nil), toneSubtle})
		} else {
			b.mark, b.tone = d.marks[waiting], toneWarn
			b.lines = append(b.lines, line{d.word("drawing.sandbox-making", nil), toneWarn})
		}
	}
	return b
}

func sidecar(c *corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// container is the box of one container: role and image, state, restarts,
// last exit and ports. long says whether it runs beside the others (an
// app container or a sidecar), where readiness counts.
func (d *drawer) container(pod *corev1.Pod, c *corev1.Container, role string, long bool) box {
	st := kube.ContainerStatus(pod, c.Name)
	b := box{title: c.Name, lines: []line{{role + d.sep + c.Image, toneNone}}}
	var what string
	var s state
	switch {
	case st == nil:
		s, b.tone, what = waiting, toneWarn, d.word("drawing.not-created", nil)
	case st.State.Running != nil:
		s, b.tone = running, toneGood
		what = d.word("drawing.running-since", text.Facts{"Time": st.State.Running.StartedAt.In(d.o.Location).Format("15:04:05")})
		if long && st.Ready {
			what += ", " + d.word("drawing.ready", nil)
		} else if long {
			b.tone, what = toneWarn, what+", "+d.word("drawing.not-ready", nil)
		}
	case st.State.Terminated != nil:
		t := st.State.Terminated
		s, b.tone = done, toneGood
		if t.ExitCode != 0 {
			s, b.tone = failed, toneBad
		}
		what = d.word("drawing.terminated", nil) + ": "
		if t.Reason != "" {
			what += t.Reason + ", "
		}
		what += d.word("drawing.exit", text.Facts{"Code": t.ExitCode})
		if t.Signal != 0 {
			what += ", " + d.word("drawing.signal", text.Facts{"Signal": t.Signal})
		}
	default:
		s, b.tone, what = waiting, toneWarn, d.word("drawing.waiting", nil)
		if w := st.State.Waiting; w != nil && w.Reason != "" {
			what += ": " + w.Reason
			if badWaiting[w.Reason] {
				s, b.tone = failed, toneBad
			}
		}
	}
	b.mark = d.marks[s]
	b.lines = append(b.lines, line{what, b.tone})
	if st != nil {
		b.lines = append(b.lines, line{d.word("drawing.restarts", text.Facts{"Count": st.RestartCount}), toneNone})
		if t := st.LastTerminationState.Terminated; t != nil {
			reason := t.Reason
			if reason == "" {
				reason = "-"
			}
			lt := toneBad
			if t.ExitCode == 0 {
				lt = toneSubtle
			}
			b.lines = append(b.lines, line{d.word("drawing.last-exit", text.Facts{"Code": t.ExitCode, "Reason": reason}), lt})
		}
	}
	if len(c.Ports) > 0 {
		var ports []string
		for _, p := range c.Ports {
			s := fmt.Sprintf("%d/%s", p.ContainerPort, protocol(p.Protocol))
			if p.Name != "" {
				s = p.Name + " " + s
			}
			if p.HostPort != 0 {
				s += fmt.Sprintf(" (hostPort %d)", p.HostPort)
			}
			ports = append(ports, s)
		}
		b.lines = append(b.lines, line{d.word("drawing.ports", text.Facts{"Ports": strings.Join(ports, ", ")}), toneNone})
	}
	return b
}

func protocol(p corev1.Protocol) corev1.Protocol {
	if p == "" {
		return corev1.ProtocolTCP
	}
	return p
}

// badWaiting are the waiting reasons that mean something failed.
var badWaiting = map[string]bool{
	"CrashLoopBackOff": true, "ImagePullBackOff": true, "ErrImagePull": true, "ErrImageNeverPull": true,
	"InvalidImageName": true, "CreateContainerConfigError": true, "CreateContainerError": true,
	"RunContainerError": true, "PreStartHookError": true, "PostStartHookError": true,
}

// statusTone is the colour of kubectl's STATUS.
func (d *drawer) statusTone(pod *corev1.Pod, s string) tone {
	switch {
	case s == "Running" && kube.Condition(pod, corev1.PodReady) == corev1.ConditionTrue, s == "Completed", s == "Succeeded":
		return toneGood
	case s == "Running", s == "Pending", s == "ContainerCreating", s == "PodInitializing", s == "NotReady",
		s == "Terminating", s == "SchedulingGated", s == "Unknown",
		strings.HasPrefix(s, "Init:") && len(s) > 5 && s[5] >= '0' && s[5] <= '9':
		return toneWarn
	}
	return toneBad
}

// volumeKind is the kind of a volume as its manifest names it (emptyDir,
// configMap NAME, ...).
func volumeKind(v corev1.Volume) string {
	switch {
	case v.ConfigMap != nil:
		return "configMap " + v.ConfigMap.Name
	case v.Secret != nil:
		return "secret " + v.Secret.SecretName
	case v.PersistentVolumeClaim != nil:
		return "persistentVolumeClaim " + v.PersistentVolumeClaim.ClaimName
	case v.HostPath != nil:
		return "hostPath " + v.HostPath.Path
	}
	rv := reflect.ValueOf(v.VolumeSource)
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			return strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]
		}
	}
	return "?"
}

// mounts lists who mounts the volume where: "web:/data, log:/var/log (ro)",
// or "every container:/path" when all of them mount it alike.
func (d *drawer) mounts(pod *corev1.Pod, volume string) string {
	var all []corev1.Container
	all = append(all, pod.Spec.InitContainers...)
	all = append(all, pod.Spec.Containers...)
	var list, where []string
	for _, c := range all {
		for _, m := range c.VolumeMounts {
			if m.Name != volume {
				continue
			}
			w := m.MountPath
			if m.SubPath != "" {
				w += nbsp + "(subPath" + nbsp + m.SubPath + ")"
			}
			if m.ReadOnly {
				w += nbsp + d.word("drawing.read-only", nil)
			}
			list = append(list, c.Name+":"+w)
			where = append(where, w)
		}
	}
	if len(list) == 0 {
		return d.word("drawing.not-mounted", nil)
	}
	if len(all) > 1 && len(where) == len(all) {
		same := true
		for _, w := range where {
			same = same && w == where[0]
		}
		if same {
			return strings.ReplaceAll(d.word("drawing.every", nil), " ", nbsp) + ":" + where[0]
		}
	}
	return strings.Join(list, ", ")
}
