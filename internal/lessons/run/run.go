// Package run is the course's first lesson: make a Pod two ways, find it,
// and reach it at its own IP.
package run

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Lesson is the `run` lesson.
var Lesson = &lessons.Lesson{
	Name:    "run",
	Chapter: 1,
	Text:    text.MustLoad(files),
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			{Key: "run-way", Do: []lessons.Action{lessons.RunPod("webserver", "web", 80), lessons.Wait("webserver", lessons.Ready)}},
			{Key: "file-way", Do: []lessons.Action{lessons.Create("pod-nginx.yaml"), lessons.Wait("nginx-pod", lessons.Ready)}},
			{Key: "get", Do: []lessons.Action{lessons.Get("")}},
			{Key: "wide", Do: []lessons.Action{lessons.Get("wide")}},
			{Key: "yaml", Do: []lessons.Action{lessons.Get("yaml", "nginx-pod")}},
			{Key: "ip", Do: []lessons.Action{lessons.Get("jsonpath={.status.podIP}", "webserver").As("webserver.ip")}},
			{Key: "reach", Do: []lessons.Action{lessons.RunOnce("client", "shell", "wget", "-qO-", `http://{{ip "webserver"}}`)}},
			{Key: "recap"},
		}
	},
}
