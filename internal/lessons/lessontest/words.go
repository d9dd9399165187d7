package lessontest

import (
	"errors"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kubetext"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// Words registers (text.Register) the words a lesson's run tells, as the
// program does in cli: the engine's, kube's and kind's, and the errors of
// ls. The sessions of this package call it; a test that reads an error's
// text without one calls it itself.
func Words(ls ...*lessons.Lesson) {
	errs := []error{text.Register(lessons.Messages), text.Register(kubetext.Words), text.Register(kind.Words)}
	for _, l := range ls {
		errs = append(errs, text.Register(l.Text, "err."))
	}
	if err := errors.Join(errs...); err != nil {
		panic(err) // kpod's own texts clash
	}
}
