// Package all lists every lesson, in course order.
package all

import (
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/env"
	"github.com/kpod-dev/kpod/internal/lessons/initcontainers"
	"github.com/kpod-dev/kpod/internal/lessons/multipod"
	"github.com/kpod-dev/kpod/internal/lessons/patterns"
	"github.com/kpod-dev/kpod/internal/lessons/pause"
	"github.com/kpod-dev/kpod/internal/lessons/probe"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
	"github.com/kpod-dev/kpod/internal/lessons/run"
	"github.com/kpod-dev/kpod/internal/lessons/static"
	"github.com/kpod-dev/kpod/internal/practice"
)

// Lessons in the order the course teaches them.
var Lessons = []*lessons.Lesson{
	run.Lesson,
	multipod.Lesson,
	probe.Lesson,
	initcontainers.Lesson,
	pause.Lesson,
	static.Lesson,
	resources.Lesson,
	env.Lesson,
	patterns.Lesson,
}

// Practice holds each lesson's practice tasks, in course order.
var Practice = []practice.Set{
	run.Practice,
	multipod.Practice,
	probe.Practice,
	initcontainers.Practice,
	pause.Practice,
	static.Practice,
	resources.Practice,
	env.Practice,
	patterns.Practice,
}
