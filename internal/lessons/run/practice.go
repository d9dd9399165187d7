package run

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "web", Check: practice.Pod("web", practice.Image("web"), practice.Port(80), practice.Ready)},
	{Key: "reach", Check: practice.AnyPod(practice.NotNamed("web"), practice.CallsIPOf("web"), practice.Succeeded)},
}}
