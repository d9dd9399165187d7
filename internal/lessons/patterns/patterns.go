// Package patterns is the course's lesson on multi-container Pod patterns:
// sidecar, adapter and ambassador, each run for real.
package patterns

import (
	"embed"
	"strings"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

// words are the lesson's texts.
var words = text.MustLoad(files)

// Facts the lesson learns.
const (
	access  lessons.ExecFacts    = "sidecar.access"  // reading the app's access log
	shipped lessons.Fact[int]    = "sidecar.shipped" // lines the log shipper printed
	native  lessons.Fact[string] = "sidecar.native"  // the native sidecar's containers
)

// The Pods and objects of the lesson, as named in its manifests.
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
		// The patterns' Pods do not depend on each other: all start at
		// once, and each step waits only for its own.
		together := lessons.Step{Key: "together"}
		var steps []lessons.Step
		for _, p := range Patterns {
			if v.Get("pattern") == p || v.Get("pattern") == "all" {
				for _, file := range creates[p] {
					together.Do = append(together.Do, lessons.Create(file))
				}
				steps = append(steps, parts[p]()...)
			}
		}
		return append(append([]lessons.Step{together}, steps...), lessons.Step{Key: "when"})
	},
}

// creates is what each pattern makes, in order: the ambassador's
// ConfigMap before the Pod that reads it.
var creates = map[string][]string{
	"sidecar":    {"pod-sidecar.yaml", "pod-sidecar-native.yaml"},
	"adapter":    {"pod-adapter.yaml"},
	"ambassador": {"pod-ambassador-backends.yaml", "configmap-ambassador.yaml", "pod-ambassador.yaml"},
}

var parts = map[string]func() []lessons.Step{
	"sidecar": func() []lessons.Step {
		return []lessons.Step{
			{Key: "sidecar", Do: []lessons.Action{lessons.Wait(sidecar, lessons.Ready), lessons.Draw(sidecar)}},
			{Key: "sidecar-visit", Do: []lessons.Action{lessons.RunOnce("visitor", "shell", "sh", "-c",
				`wget -qO- http://{{ip "sidecar"}}/; wget -qO- http://{{ip "sidecar"}}/index.html; wget -qO- http://{{ip "sidecar"}}/no-such-page || true`)}},
			{Key: "sidecar-file", Do: []lessons.Action{
				lessons.Logs(sidecar, "app", 0).Empty("sidecar.nothing"),
				lessons.Exec(sidecar, "app", "cat", "/var/log/app/access.log").MustSucceed().Into(access),
			}},
			{Key: "sidecar-ship", Do: []lessons.Action{
				lessons.FollowLog(sidecar, "log-shipper", 0, func(l string) bool { return !strings.HasPrefix(l, "tail: ") }).Upto(access.Output()).Into(shipped).Once(),
			}},
			{Key: "sidecar-native", Do: []lessons.Action{
				lessons.Wait(sidecarNative, lessons.Ready),
				lessons.Get("jsonpath="+nativeColumns, sidecarNative).Into(native),
				lessons.Draw(sidecarNative),
			}},
		}
	},
	"adapter": func() []lessons.Step {
		return []lessons.Step{
			{Key: "adapter", Do: []lessons.Action{lessons.Wait(adapter, lessons.Ready), lessons.Draw(adapter)}},
			{Key: "adapter-before", Do: []lessons.Action{lessons.Exec(adapter, "app", "cat", "/var/run/app/status")}},
			{Key: "adapter-after", Do: []lessons.Action{lessons.RunOnce("scraper", "shell", "wget", "-qO-", `http://{{ip "adapter"}}:9100/metrics`)}},
		}
	},
	"ambassador": func() []lessons.Step {
		ask := func() lessons.Action {
			return lessons.Exec(ambassador, "app", "wget", "-qO-", "http://localhost:9000/")
		}
		return []lessons.Step{
			{Key: "ambassador-backends", Do: []lessons.Action{lessons.WaitAll(lessons.Ready, production, local)}},
			{Key: "ambassador", Do: []lessons.Action{lessons.Wait(ambassador, lessons.Ready), lessons.Draw(ambassador), lessons.Logs(ambassador, "ambassador", 0)}},
			{Key: "ambassador-ask", Do: []lessons.Action{answered(production), ask(), lessons.Logs(production, "", 2)}},
			{Key: "ambassador-switch", Do: []lessons.Action{
				lessons.Patch("ConfigMap", config, `{"data":{"target":"`+local+`"}}`),
				lessons.Delete(ambassador), lessons.Create("pod-ambassador.yaml"), lessons.Wait(ambassador, lessons.Ready),
			}},
			{Key: "ambassador-ask-again", Do: []lessons.Action{answered(local), ask(), lessons.Logs(local, "", 2)}},
		}
	},
}

// answered shows the app's log up to its first answer from backend. The
// first tries fail while the ambassador does not listen yet, and for up to
// 30 s when the cluster's DNS still gives the address of the backend's
// Service of a run just before (kpod then says so).
func answered(backend string) lessons.Action {
	return lessons.FollowLog(ambassador, "app", 1, func(l string) bool { return strings.Contains(l, "answer from") }).
		When("reset by peer", staleName("ambassador.stale", ambassador, "ambassador", backend))
}
