package patterns

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "sidecar", Check: practice.Pod("logged", practice.NativeSidecar("tail"), practice.SidecarShares, practice.Ready)},
}}
