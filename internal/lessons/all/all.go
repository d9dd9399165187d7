// Package all lists every lesson, in course order.
package all

import (
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/env"
	"github.com/kpod-dev/kpod/internal/lessons/initlesson"
	"github.com/kpod-dev/kpod/internal/lessons/multipod"
	"github.com/kpod-dev/kpod/internal/lessons/patterns"
	"github.com/kpod-dev/kpod/internal/lessons/pause"
	"github.com/kpod-dev/kpod/internal/lessons/probe"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
	"github.com/kpod-dev/kpod/internal/lessons/run"
	"github.com/kpod-dev/kpod/internal/lessons/static"
)

// Lessons is every lesson, in the order the course teaches them: the one
// list.
var Lessons = []*lessons.Lesson{
	run.Lesson,
	multipod.Lesson,
	probe.Lesson,
	initlesson.Lesson,
	pause.Lesson,
	static.Lesson,
	resources.Lesson,
	env.Lesson,
	patterns.Lesson,
}
