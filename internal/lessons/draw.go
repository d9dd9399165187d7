package lessons

import (
	"context"
	"time"

	"github.com/muesli/termenv"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/draw"
)

// DrawWidth is the width of a drawing in a lesson: it is shown indented
// by two, so a lesson still fits 80 columns.
const DrawWidth = draw.DefaultWidth - 2

// Draw shows the Pod as it is on the cluster at that moment, drawn as
// `kpod draw POD` draws it: the text tells, the drawing shows. The
// drawing has frames but no colour, so it reads the same in a recording.
// pod may use templates.
func Draw(pod string) Action { return &drawAction{pod: pod} }

type drawAction struct{ pod string }

func (a *drawAction) Show(s *Session) string {
	cmd := s.Expand("{{kpod}} draw " + s.Expand(a.pod))
	if s.Namespace != "" && s.Namespace != "default" {
		cmd += " -n " + s.Namespace
	}
	return cmd
}

func (a *drawAction) Run(ctx context.Context, s *Session) (string, error) {
	pod, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, s.Expand(a.pod), metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	return draw.Draw(pod, draw.Options{Width: DrawWidth, Profile: termenv.Ascii, Lang: s.Lang, Location: time.Local}), nil
}
