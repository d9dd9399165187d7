package lessons

import (
	"errors"
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/kube/kind"
	"github.com/kpod-dev/kpod/internal/kube/kubetext"
	"github.com/kpod-dev/kpod/internal/text"
)

// TestMain registers the words the engine's errors are told in, as the
// program does in cli: its own, kube's, kind's, and the command line's,
// whose err.cli keys it uses for the flags it checks (--image-*, lesson
// options).
func TestMain(m *testing.M) {
	words, err := text.Load(os.DirFS("../cli/messages"))
	if err == nil {
		err = errors.Join(text.Register(Messages), text.Register(kubetext.Words), text.Register(kind.Words), text.Register(words, "err.cli."))
	}
	if err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
