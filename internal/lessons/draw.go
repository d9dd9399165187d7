package lessons

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/draw"
	"github.com/kpod-dev/kpod/internal/report"
)

// DrawWidth is the width of a drawing in a lesson: it is shown indented
// by two, so a lesson still fits 80 columns.
const DrawWidth = draw.DefaultWidth - 2

// Draw shows the Pod as it is on the cluster at that moment, drawn as
// `kpod draw POD` draws it: the text tells, the drawing shows. The
// drawing has frames but no colour (no Theme), so it reads the same in a
// recording; the record holds it drawn in every language (SayEach).
// pod may use templates.
func Draw(pod string) Action { return &drawAction{pod: pod} }

type drawAction struct {
	noPlan
	pod string
}

func (a *drawAction) show(s *Session) string {
	cmd := s.fill("{{kpod}} draw " + s.fill(a.pod))
	if s.Env.Namespace != "" && s.Env.Namespace != "default" {
		cmd += " -n " + s.Env.Namespace
	}
	return cmd
}

func (a *drawAction) run(ctx context.Context, s *Session) (report.Output, error) {
	pod, err := s.Env.Clients.Client.CoreV1().Pods(s.Env.Namespace).Get(ctx, s.fill(a.pod), metav1.GetOptions{})
	if err != nil {
		return report.Output{}, err
	}
	return report.Output{}.Say(SayEach(s.Env.Lang, func(lang string) string {
		return draw.Draw(pod, draw.Options{Width: DrawWidth, Lang: lang, Location: time.Local})
	})), nil
}

// DrawTimeline shows each container of the Pod as a line over time, from
// the annotations the lesson's timeline told so far: when it started, a
// probe failed, it was killed, waited and restarted.
func DrawTimeline(pod string) Action { return &lifelineAction{pod: pod} }

type lifelineAction struct {
	noPlan
	pod string
}

func (a *lifelineAction) show(*Session) string { return "" }

func (a *lifelineAction) run(_ context.Context, s *Session) (report.Output, error) {
	pod := s.fill(a.pod)
	moments, now := Moments(s.timeline.Told(pod)), s.Since()
	return report.Output{}.Say(SayEach(s.Env.Lang, func(lang string) string {
		return draw.Lifelines(pod, moments, now, draw.Options{Width: DrawWidth, Lang: lang})
	})), nil
}

// Moments are the annotations about containers, as draw.Lifelines reads them.
func Moments(as []report.Annotation) []draw.Moment {
	var out []draw.Moment
	for _, a := range as {
		if a.Container != "" {
			out = append(out, draw.Moment{At: a.At, Container: a.Container, Reason: a.Reason})
		}
	}
	return out
}
