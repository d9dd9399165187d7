// Package all lists every lesson, in course order.
package all

import (
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/env"
	initlesson "github.com/kpod-dev/kpod/internal/lessons/init"
	"github.com/kpod-dev/kpod/internal/lessons/multipod"
	"github.com/kpod-dev/kpod/internal/lessons/patterns"
	"github.com/kpod-dev/kpod/internal/lessons/pause"
	"github.com/kpod-dev/kpod/internal/lessons/probe"
	"github.com/kpod-dev/kpod/internal/lessons/resources"
	"github.com/kpod-dev/kpod/internal/lessons/run"
	"github.com/kpod-dev/kpod/internal/lessons/static"
	"github.com/kpod-dev/kpod/internal/practice"
)

// Practice is every lesson with its practice tasks, in the order the
// course teaches them: the one list.
var Practice = []practice.Set{
	run.Practice,
	multipod.Practice,
	probe.Practice,
	initlesson.Practice,
	pause.Practice,
	static.Practice,
	resources.Practice,
	env.Practice,
	patterns.Practice,
}

// Lessons are Practice's lessons, in the same order.
var Lessons = func() []*lessons.Lesson {
	out := make([]*lessons.Lesson, len(Practice))
	for i, p := range Practice {
		out[i] = p.Lesson
	}
	return out
}()
