package practicetest

import (
	"sync"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/practice"
)

// Sets is each lesson with its practice tasks (the lesson's tasks.yaml),
// in course order, loaded once for a test binary. The command line loads
// its own from the lessons it was given.
var Sets = sync.OnceValue(func() []practice.Set { return practice.Load(all.Lessons) })
