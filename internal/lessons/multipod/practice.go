package multipod

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "shared", Check: practice.Pod("pair", practice.Containers(2), practice.SharedEmptyDir, practice.Ready)},
	{Key: "localhost", Check: practice.Pod("duo", practice.Containers(2), practice.Image("web"), practice.Mentions("localhost", "127.0.0.1"), practice.Ready)},
}}
