// Package multipod shows one Pod with two containers that share one IP.
package multipod

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

//go:embed tasks.yaml
var tasks []byte

const (
	pod   = "multipod"
	web   = "nginx-container"
	shell = "shell-container"
)

// Lesson is the `multipod` lesson.
var Lesson = &lessons.Lesson{
	Name:    "multipod",
	Chapter: 1,
	Text:    text.MustLoad(files),
	Tasks:   tasks,
	Steps: func(lessons.Values) []lessons.Step {
		return []lessons.Step{
			{Key: "create", Do: []lessons.Action{lessons.Create("pod-multi.yaml"), lessons.Wait(pod, lessons.Ready)}},
			{Key: "get", Do: []lessons.Action{lessons.Get("wide")}},
			{Key: "one-ip", Do: []lessons.Action{lessons.Exec(pod, web, "hostname", "-i"), lessons.Exec(pod, shell, "hostname", "-i"), lessons.Draw(pod)}},
			{Key: "localhost", Do: []lessons.Action{lessons.Exec(pod, shell, "wget", "-qO-", "http://localhost:80")}},
			{Key: "logs-web", Do: []lessons.Action{lessons.Logs(pod, web, 5)}},
			{Key: "logs-shell", Do: []lessons.Action{lessons.Logs(pod, shell, 3)}},
			{Key: "recap"},
		}
	},
}
