// Package patterns is the course's lesson on multi-container Pod patterns:
// sidecar, adapter and ambassador, each run for real.
package patterns

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts; the program registers its errors (err.*).
var words = text.MustLoad(files)

// The Pods and objects of the lesson, as named in its manifests.
// Facts the lesson learns.
const (
	accessLog lessons.Fact[string] = "sidecar.access.output" // the app's access log (Exec(...).As("sidecar.access"))
	shipped   lessons.Fact[int]    = "sidecar.shipped"       // lines the log shipper printed
)

const (
	sidecar = "sidecar"
	// sidecarNative is the same sidecar as an init container with restartPolicy Always.
	sidecarNative = "sidecar-native"
	nativeColumns = `{range .status.initContainerStatuses[*]}{.name}{" (init, restartPolicy Always)  started "}{.state.running.startedAt}{"  restarts "}{.restartCount}{"\n"}{end}` +
		`{range .status.containerStatuses[*]}{.name}{"  started "}{.state.running.startedAt}{"\n"}{end}`
	adapter    = "adapter"
	ambassador = "ambassador"
	production = "backend-production"
	local      = "backend-local"
	config     = "ambassador-config"
)

// Patterns the --pattern option offers.
var Patterns = []string{"sidecar", "adapter", "ambassador"}

// Lesson is the `patterns` lesson.
var Lesson = &lessons.Lesson{
	Name:    "patterns",
	Chapter: 8,
	Text:    words,
	Tasks:   tasks,
	Options: []lessons.Option{{Name: "pattern", Default: "all", Choices: append(append([]string{}, Patterns...), "all"), Usage: "opt.pattern"}},
	Steps: func(v lessons.Values) []lessons.Step {
		var steps []lessons.Step
		for _, p := range Patterns {
			if v["pattern"] == p || v["pattern"] == "all" || v["pattern"] == "" {
				steps = append(steps, parts[p]()...)
			}
		}
		return append(steps, lessons.Step{Key: "when"})
	},
}

var parts = map[string]func() []lessons.Step{
	"sidecar": func() []lessons.Step {
		return []lessons.Step{
			{Key: "sidecar", Do: []lessons.Action{lessons.Create("pod-sidecar.yaml"), lessons.Wait(sidecar, lessons.Ready), lessons.Draw(sidecar)}},
			{Key: "sidecar-visit", Do: []lessons.Action{lessons.RunOnce("visitor", "shell", "sh", "-c",
				`wget -qO- http://{{ip "sidecar"}}/; wget -qO- http://{{ip "sidecar"}}/index.html; wget -qO- http://{{ip "sidecar"}}/no-such-page || true`)}},
			{Key: "sidecar-file", Do: []lessons.Action{
				lessons.Do("kubectl logs "+sidecar+" -c app", appLogs),
				lessons.Exec(sidecar, "app", "cat", "/var/log/app/access.log").MustSucceed().As("sidecar.access"),
			}},
			{Key: "sidecar-ship", Do: []lessons.Action{lessons.Do("kubectl logs "+sidecar+" -c log-shipper", func(ctx context.Context, s *lessons.Session) (string, error) {
				lines := strings.Count(accessLog.Get(s), "\n")
				out, n, err := follow(ctx, s, sidecar, "log-shipper", lines, func(l string) bool { return !strings.HasPrefix(l, "tail: ") })
				shipped.Set(s, n)
				return out, err
			})}},
			{Key: "sidecar-native", Do: []lessons.Action{
				lessons.Create("pod-sidecar-native.yaml"), lessons.Wait(sidecarNative, lessons.Ready),
				lessons.Get("jsonpath="+nativeColumns, sidecarNative).As("sidecar.native"),
				lessons.Draw(sidecarNative),
			}},
		}
	},
	"adapter": func() []lessons.Step {
		return []lessons.Step{
			{Key: "adapter", Do: []lessons.Action{lessons.Create("pod-adapter.yaml"), lessons.Wait(adapter, lessons.Ready), lessons.Draw(adapter)}},
			{Key: "adapter-before", Do: []lessons.Action{lessons.Exec(adapter, "app", "cat", "/var/run/app/status")}},
			{Key: "adapter-after", Do: []lessons.Action{lessons.RunOnce("scraper", "shell", "wget", "-qO-", `http://{{ip "adapter"}}:9100/metrics`)}},
		}
	},
	"ambassador": func() []lessons.Step {
		ask := func() lessons.Action {
			return lessons.Exec(ambassador, "app", "wget", "-qO-", "http://localhost:9000/")
		}
		return []lessons.Step{
			{Key: "ambassador-backends", Do: []lessons.Action{
				lessons.Create("pod-ambassador-backends.yaml"), lessons.Wait(production, lessons.Ready), lessons.Wait(local, lessons.Ready),
				lessons.Create("configmap-ambassador.yaml"),
			}},
			{Key: "ambassador", Do: []lessons.Action{lessons.Create("pod-ambassador.yaml"), lessons.Wait(ambassador, lessons.Ready), lessons.Draw(ambassador), lessons.Logs(ambassador, "ambassador", 0)}},
			{Key: "ambassador-ask", Do: []lessons.Action{answered(), ask(), lessons.Logs(production, "", 2)}},
			{Key: "ambassador-switch", Do: []lessons.Action{
				lessons.Do(`kubectl patch configmap `+config+` -p '{"data":{"target":"`+local+`"}}'`, switchTarget),
				lessons.Delete(ambassador), lessons.Create("pod-ambassador.yaml"), lessons.Wait(ambassador, lessons.Ready),
			}},
			{Key: "ambassador-ask-again", Do: []lessons.Action{answered(), ask(), lessons.Logs(local, "", 2)}},
		}
	},
}

// appLogs shows that the app itself logs nothing to stdout.
func appLogs(ctx context.Context, s *lessons.Session) (string, error) {
	b, err := s.Clients.Client.CoreV1().Pods(s.Namespace).GetLogs(sidecar, &corev1.PodLogOptions{Container: "app"}).DoRaw(ctx)
	if err != nil {
		return "", text.Err("err.lesson.logs", text.Facts{"Pod": sidecar, "Previous": false}).Because(kube.Explain(err))
	}
	if len(b) == 0 {
		return s.Text("sidecar.nothing", nil), nil
	}
	return string(b), nil
}

// answered shows the app's log up to its first answer from a backend. The
// first tries can fail for a moment: a new Service only carries traffic
// once kube-proxy has set it up on the node.
func answered() lessons.Action {
	return lessons.Do("kubectl logs "+ambassador+" -c app -f", func(ctx context.Context, s *lessons.Session) (string, error) {
		out, _, err := follow(ctx, s, ambassador, "app", 1, func(l string) bool { return strings.Contains(l, "answer from") })
		return out, err
	})
}

// follow reads a container's log as it grows (like `kubectl logs -f`) until
// want lines that count have come, and returns what it read and how many
// counted. Logs reach the API a moment after a program writes them, and
// tail -F looks at its file about once a second, so a single read could
// come too early.
func follow(ctx context.Context, s *lessons.Session, pod, container string, want int, counts func(string) bool) (string, int, error) {
	done := s.Report.Waiting(s.Text("ui.waiting", text.Facts{"Pod": pod, "Message": "logs"}))
	defer done()
	wctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	opts := &corev1.PodLogOptions{Container: container, Follow: true}
	stream, err := s.Clients.Client.CoreV1().Pods(s.Namespace).GetLogs(pod, opts).Stream(wctx)
	if err != nil {
		return "", 0, text.Err("err.lesson.logs", text.Facts{"Pod": pod, "Previous": false}).Because(kube.Explain(err))
	}
	defer stream.Close()
	var b strings.Builder
	n := 0
	sc := bufio.NewScanner(stream)
	for n < want && sc.Scan() {
		b.WriteString(sc.Text() + "\n")
		if counts(sc.Text()) {
			n++
		}
	}
	switch {
	case n >= want:
		return b.String(), n, nil
	case ctx.Err() != nil:
		return b.String(), n, ctx.Err()
	}
	return b.String(), n, words.Err("err.patterns.lines", text.Facts{"Pod": pod, "Got": n, "Want": want, "Wait": s.Timeout})
}

// switchTarget points the ambassador at the other backend, as
// `kubectl patch configmap` does.
func switchTarget(ctx context.Context, s *lessons.Session) (string, error) {
	patch := fmt.Sprintf(`{"data":{"target":%q}}`, local)
	_, err := s.Clients.Client.CoreV1().ConfigMaps(s.Namespace).Patch(ctx, config, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	if err != nil {
		return "", fmt.Errorf("configmap/%s: %w", config, kube.Explain(err))
	}
	return "configmap/" + config + " patched", nil
}
