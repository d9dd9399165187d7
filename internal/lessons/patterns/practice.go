package patterns

import (
	_ "embed"

	"github.com/kpod-dev/kpod/internal/practice"
)

//go:embed tasks.yaml
var tasks []byte

// Practice is what the student does after the lesson, with kubectl: the
// tasks of tasks.yaml, their words and their checks.
var Practice = practice.MustLoad(Lesson, tasks)
