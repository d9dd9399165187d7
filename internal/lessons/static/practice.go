package static

import "github.com/kpod-dev/kpod/internal/practice"

// Practice is what the student does after the lesson: write a static Pod
// on a node by hand. Its words are the practice.* sections of en.md and
// ko.md. The check reads the node itself: the kubelet's staticPodPath, the
// student's file there, and the Pod's processes.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "mirror", Node: true, Check: practice.StaticPod("mine")},
}}
