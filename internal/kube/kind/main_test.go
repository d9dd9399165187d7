package kind

import (
	"errors"
	"os"
	"testing"

	"github.com/kpod-dev/kpod/internal/kube/kubetext"
	"github.com/kpod-dev/kpod/internal/text"
)

// TestMain registers kind's words and kube's, which kind's errors wrap, as
// the program does in cli.
func TestMain(m *testing.M) {
	if err := errors.Join(text.Register(Words), text.Register(kubetext.Words)); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
