// Package run is the course's first lesson: make a Pod two ways, find it,
// and reach it at its own IP.
package run

import (
	"context"
	"embed"

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
	// clientNode names the node the client Pod runs on: another node than
	// webserver's, or "" on a cluster with one node that takes Pods.
	clientNode lessons.Fact[string] = "client.node"
	webIP      lessons.Fact[string] = "webserver.ip" // webserver's Pod IP
)

// Lesson is the `run` lesson.
var Lesson = &lessons.Lesson{
	Name:    "run",
	Chapter: 1,
	Text:    text.MustLoad(files),
	Tasks:   tasks,
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			{Key: "run-way", Do: []lessons.Action{lessons.RunPod("webserver", "web", 80), lessons.Wait("webserver", lessons.Ready)}},
			{Key: "file-way", Do: []lessons.Action{lessons.Create("pod-nginx.yaml"), lessons.Wait("nginx-pod", lessons.Ready)}},
			{Key: "get", Do: []lessons.Action{lessons.Get("")}},
			{Key: "wide", Do: []lessons.Action{lessons.Get("wide")}},
			{Key: "yaml", Do: []lessons.Action{lessons.Get("yaml", "nginx-pod")}},
			{Key: "ip", Do: []lessons.Action{lessons.Get("jsonpath={.status.podIP}", "webserver").Into(webIP)}},
			{Key: "reach", Do: []lessons.Action{
				lessons.OtherNode("webserver", clientNode),
				lessons.RunOnce("client", "shell", "wget", "-qO-", `http://{{ip "webserver"}}`).On(clientNode),
				lessons.Do("", where),
			}},
			{Key: "recap"},
		}
	},
}

// where says whether the client's request crossed nodes: the node the
// client ran on against webserver's.
func where(_ context.Context, v lessons.View) (report.Output, error) {
	client, _ := clientNode.Get(v)
	web := ""
	if p := v.Pod("webserver"); p != nil {
		web = p.Spec.NodeName
	}
	key := "reach.apart"
	if client == web {
		key = "reach.together"
	}
	return report.Output{}.Note(ui.Info, v.Line(key, text.Facts{"ClientNode": client, "WebNode": web})), nil
}
