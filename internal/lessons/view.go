package lessons

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// View is what a lesson's own Go sees of its run: its texts, the Pods as
// watched, its facts, its images and namespace, the clock. The
// vocabulary's callbacks (Do, WithPod, Exec(...).Then, ...) are handed
// one; the rest of the Session (what reports, the clients, the student's
// input, the way to the nodes) stays the engine's.
type View struct{ s *Session }

// View returns the run as a lesson's Go sees it.
func (s *Session) View() View { return View{s} }

// Line returns the lesson's text section key (else the engine's) in the
// student's language, filled from the run's facts and local.
func (v View) Line(key string, local text.Facts) report.Line { return v.s.line(key, local) }

// Pod returns the named Pod as the run last saw it: nil before it was seen,
// and in a dry run.
func (v View) Pod(name string) *corev1.Pod { return v.s.timeline.Pod(name) }

// Fill fills the {{...}} of body, a text the lesson's Go holds rather
// than a key, from the run's facts and local, as a text of the lesson is.
func (v View) Fill(body string, local ...text.Facts) string { return v.s.fill(body, local...) }

// Images returns the images the run uses.
func (v View) Images() runenv.ImageSet { return v.s.Env.Images }

// Namespace returns the namespace the lesson works in.
func (v View) Namespace() string { return v.s.Env.Namespace }

// Time returns the current time on the run's clock.
func (v View) Time() time.Time { return v.s.Env.Time() }
