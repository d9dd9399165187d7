package initlesson

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "wait-db", Check: practice.Pod("app", practice.InitContainers(1), practice.InitMentions("db"),
		practice.Service("db"), practice.Initialized, practice.Ready)},
	{Key: "two", Check: practice.Pod("steps", practice.InitContainers(2), practice.Initialized, practice.Ready)},
}}
