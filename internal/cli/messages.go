package cli

import (
	"embed"
	"errors"
	"github.com/kpod-dev/kpod/internal/page"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kubetext"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the command line's own words: its errors about flags,
// arguments and commands (err.cli.*, which packages below cli also name
// for the flags they check), and doctor's checks (doctor.*).
var Messages = func() text.Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return text.MustLoad(sub)
}()

// registerMessages registers, for text.Err and text.Say, the words of
// every package whose errors and notes kpod tells: kube's, kind's, the
// engine's, the errors of each lesson, and the command line's own.
func registerMessages(ls []*lessons.Lesson) error {
	errs := []error{
		text.Register(kubetext.Words),
		text.Register(kind.Words),
		text.Register(lessons.Messages),
		text.Register(Messages, "err.cli.", "doctor."),
		text.Register(page.Words, "page.err."),
	}
	for _, l := range ls {
		errs = append(errs, text.Register(l.Text, "err."))
	}
	return errors.Join(errs...)
}
