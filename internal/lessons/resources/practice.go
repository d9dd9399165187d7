package resources

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/practice"
)

// Practice is what the student does after the lesson, with kubectl. Its
// words are the practice.* sections of en.md and ko.md.
var Practice = practice.Set{Lesson: Lesson, Tasks: []practice.Task{
	{Key: "guaranteed", Check: practice.Pod("steady", practice.QoS(corev1.PodQOSGuaranteed), practice.Ready)},
	{Key: "oom", Check: practice.Pod("hog", practice.MemoryLimit, practice.OOMKilled)},
	{Key: "pending", Check: practice.Pod("huge", practice.Unschedulable)},
}}
