package draw

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/text/texttest"
	"github.com/kpod-dev/kpod/internal/ui"
)

// coloured is the theme of a true-colour terminal.
var coloured = ui.Styled(io.Discard, func(k string) string {
	if k == "COLORTERM" {
		return "truecolor"
	}
	return ""
})

// fixtures are the Pods under testdata/pods, shaped like the lessons'.
var fixtures = []string{"run", "multipod", "probe", "init", "native", "adapter", "ambassador", "resources", "crashloop", "initfail", "toobig", "env"}

func load(t *testing.T, name string) *corev1.Pod {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pods", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var pod corev1.Pod
	if err := yaml.UnmarshalStrict(data, &pod); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &pod
}

// golden compares got with testdata/<TestName>.golden, or rewrites it.
func golden(t *testing.T, got string) {
	t.Helper()
	texttest.Golden(t, filepath.Join("testdata", t.Name()+".golden"), got)
}

// variants draws pod at 80 and 60 columns, styled (colour stripped) and
// plain, and checks every line's width and that plain is ASCII-framed.
func variants(t *testing.T, pod *corev1.Pod, lang string) string {
	t.Helper()
	var b strings.Builder
	for _, w := range []int{80, 60} {
		for _, plain := range []bool{false, true} {
			got := Draw(pod, Options{Width: w, Plain: plain, Theme: coloured, Lang: lang})
			kind := "styled, colour stripped"
			if plain {
				kind = "plain"
				if strings.Contains(got, "\x1b[") || strings.ContainsAny(got, "╭╮╰╯│─✓▶✗…·") {
					t.Errorf("plain drawing at %d has colour or non-ASCII marks:\n%s", w, got)
				}
			} else if !strings.Contains(got, "\x1b[") {
				t.Errorf("styled drawing at %d has no colour", w)
			}
			if strings.Contains(got, nbsp) {
				t.Errorf("a no-break space drawn at %d:\n%q", w, got)
			}
			for i, l := range strings.Split(got, "\n") {
				if ui.Width(l) != w {
					t.Errorf("%d columns, %s: line %d is %d wide: %q", w, kind, i+1, ui.Width(l), ansi.Strip(l))
				}
			}
			b.WriteString("== " + pod.Name + ", " + strconv.Itoa(w) + " columns, " + kind + "\n" + ansi.Strip(got) + "\n\n")
		}
	}
	return b.String()
}

func TestDraw(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) { golden(t, variants(t, load(t, name), "en")) })
	}
}

func TestDrawKorean(t *testing.T) {
	for _, name := range []string{"init", "native", "resources", "toobig"} {
		t.Run(name, func(t *testing.T) { golden(t, variants(t, load(t, name), "ko")) })
	}
}

// Everything the native sidecar Pod's own spec and status say about its
// containers and volumes is in its drawing, at either width, in either
// look: each name, state, restart count, last exit and mount path.
func TestDrawShowsEverything(t *testing.T) {
	pod := load(t, "native")
	var statuses []corev1.ContainerStatus
	statuses = append(statuses, pod.Status.InitContainerStatuses...)
	statuses = append(statuses, pod.Status.ContainerStatuses...)
	for _, w := range []int{80, 60} {
		for _, plain := range []bool{false, true} {
			got := ansi.Strip(Draw(pod, Options{Width: w, Plain: plain, Theme: coloured}))
			has := func(what, s string) {
				if !strings.Contains(got, s) {
					t.Errorf("%d columns, plain %v: no %s %q in\n%s", w, plain, what, s, got)
				}
			}
			for _, c := range append(pod.Spec.InitContainers, pod.Spec.Containers...) {
				has("container", c.Name)
				has("image", c.Image)
				for _, m := range c.VolumeMounts {
					has("mount", c.Name+":"+m.MountPath)
				}
			}
			for _, s := range statuses {
				has("restarts of "+s.Name, "restarts "+strconv.Itoa(int(s.RestartCount)))
				switch {
				case s.State.Running != nil:
					has("start of "+s.Name, "Running since "+s.State.Running.StartedAt.UTC().Format("15:04:05"))
				case s.State.Terminated != nil:
					has("end of "+s.Name, s.State.Terminated.Reason+", exit "+strconv.Itoa(int(s.State.Terminated.ExitCode)))
				case s.State.Waiting != nil:
					has("wait of "+s.Name, s.State.Waiting.Reason)
				}
				if l := s.LastTerminationState.Terminated; l != nil {
					has("last exit of "+s.Name, "last exit "+strconv.Itoa(int(l.ExitCode))+" ("+l.Reason+")")
				}
			}
			for _, v := range pod.Spec.Volumes {
				has("volume", v.Name)
			}
			has("node", pod.Spec.NodeName)
			has("Pod IP", pod.Status.PodIP)
			has("sidecar", "sidecar")
			has("STATUS", "STATUS Running")
		}
	}
}

// Long names, images, messages and Korean still fit every width from 60
// up, with no line wider or narrower than asked.
func TestDrawFitsAnyWidth(t *testing.T) {
	pod := load(t, "native")
	pod.Name = "a-pod-with-a-name-much-longer-than-a-small-terminal-is-wide-really"
	pod.Spec.NodeName = "ip-10-0-123-45.eu-central-1.compute.internal"
	pod.Spec.Containers[0].Image = "registry.example.com/some/very/long/path/to/an/image/name:v1.2.3-with-a-long-tag"
	pod.Status.Message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki."
	pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: "unused", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/var/lib/a/deep/directory/on/the/node/that/is/long"}}})
	three := load(t, "native") // wide enough for two boxes in a row, not three
	three.Spec.Containers = append(three.Spec.Containers, corev1.Container{Name: "third", Image: "busybox:1.37"})
	for _, p := range []*corev1.Pod{pod, three} {
		for w := MinWidth; w <= 130; w++ {
			for _, lang := range []string{"en", "ko"} {
				for _, plain := range []bool{false, true} {
					for i, l := range strings.Split(Draw(p, Options{Width: w, Plain: plain, Theme: coloured, Lang: lang}), "\n") {
						if ui.Width(l) != w {
							t.Fatalf("%s, width %d, %s, plain %v: line %d is %d wide: %q", p.Name, w, lang, plain, i+1, ui.Width(l), ansi.Strip(l))
						}
					}
				}
			}
		}
	}
	if got := Draw(pod, Options{Width: 20}); ui.Width(strings.Split(got, "\n")[0]) != MinWidth {
		t.Errorf("under MinWidth a drawing is MinWidth wide:\n%s", got)
	}
}

// The fixtures are the lessons' own Pods: their containers, images and
// volumes are those of the example each was made from.
func TestFixturesMatchExamples(t *testing.T) {
	for fixture, example := range map[string]string{"run": "pod-nginx", "multipod": "pod-sidecar", "probe": "liveness-http",
		"init": "init-myapp", "resources": "pod-oom", "initfail": "init-fail", "toobig": "pod-too-big"} {
		data, err := examples.Read(example, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want corev1.Pod
		if err := yaml.Unmarshal(data, &want); err != nil {
			t.Fatalf("%s: %v", example, err)
		}
		got := load(t, fixture)
		shape := func(p *corev1.Pod) string {
			var s []string
			for _, c := range append(p.Spec.InitContainers, p.Spec.Containers...) {
				s = append(s, c.Name+"="+c.Image)
			}
			for _, v := range p.Spec.Volumes {
				if !strings.HasPrefix(v.Name, "kube-api-access-") { // added by the API server
					s = append(s, "volume "+v.Name)
				}
			}
			return p.Name + ": " + strings.Join(s, ", ")
		}
		if shape(got) != shape(&want) {
			t.Errorf("testdata/pods/%s.yaml is not examples/%s.yaml:\n got %s\nwant %s", fixture, example, shape(got), shape(&want))
		}
	}
}

func TestDrawOptions(t *testing.T) {
	pod := load(t, "run")
	pod.Spec.HostNetwork = true
	got := Draw(pod, Options{Plain: true, NoPause: true, Location: time.FixedZone("KST", 9*3600)})
	for _, want := range []string{"+- > sandbox ---", "the node's net ns (hostNetwork) | IP 10.244.1.5", "Running since 21:00:04"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "pause") || strings.Contains(got, "shared by") {
		t.Errorf("a pause container or a shared net ns drawn:\n%s", got)
	}
	for _, th := range []ui.Theme{{}, ui.Plain()} {
		if got := Draw(pod, Options{Theme: th}); strings.Contains(got, "\x1b[") || !strings.Contains(got, "╭") {
			t.Errorf("colour, or no frame, with a theme that paints nothing:\n%q", got)
		}
	}
}

// "every container" is one label: a narrow drawing breaks the line before
// it or after its path, never inside it.
func TestEveryContainerStaysWhole(t *testing.T) {
	pod := load(t, "multipod")
	for i := range pod.Spec.Containers {
		pod.Spec.Containers[i].VolumeMounts = []corev1.VolumeMount{{Name: pod.Spec.Volumes[0].Name, MountPath: "/usr/share/nginx/html"}}
	}
	for lang, label := range map[string]string{"en": "every container:/usr/share/nginx/html", "ko": "모든 컨테이너:/usr/share/nginx/html"} {
		for w := 60; w <= 100; w++ {
			got := ansi.Strip(Draw(pod, Options{Width: w, Plain: true, Lang: lang}))
			if !strings.Contains(got, label) {
				t.Errorf("%s at %d columns: %q broken across lines:\n%s", lang, w, label, got)
			}
		}
	}
}
