package pause

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl and a
// look on the node. Its words are the practice.* sections of en.md and
// ko.md. Both tasks hold only from what kpod reads on the node itself: the
// sandbox ID is nowhere in the API.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "sandbox", Node: true, Check: practice.Pod("box", practice.Ready, practice.SandboxFound)},
	{Key: "kept", Node: true, Check: practice.Pod("box", practice.Restarted, practice.Ready, practice.SandboxFound)},
}}
