package probe

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "http", Check: practice.Pod("healthy", practice.Image("web"), practice.Liveness("httpGet"),
		practice.LivenessEvery(5), practice.LivenessOnPort, practice.Healthy)},
	{Key: "restart", Check: practice.AnyPod(practice.Liveness(), practice.RestartedByLiveness)},
	{Key: "exec", Check: practice.Pod("alive", practice.Liveness("exec", "tcpSocket"), practice.LivenessOnPort, practice.Healthy)},
}}
