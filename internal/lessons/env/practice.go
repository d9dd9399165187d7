package env

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "greeting", Check: practice.Pod("hello", practice.Env("GREETING", "hello"), practice.Started)},
	{Key: "path", Check: practice.Pod("paths", practice.Image("web"), practice.EnvPrefix("PATH", "/opt/bin:"), practice.Ready)},
	{Key: "node", Check: practice.Pod("where", practice.EnvField("spec.nodeName"), practice.Started)},
}}
