package draw

import "github.com/kpod-dev/kpod/internal/ui"

// tone is what a piece of the drawing says about state.
type tone int

const (
	toneNone   tone = iota
	toneGood        // running, ready, done
	toneWarn        // waiting, starting
	toneBad         // failed, crash loop, OOMKilled
	toneSubtle      // borders and labels
	toneTitle       // the Pod's name
)

// painter is the caller's style for t; nil leaves the text as it is.
func painter(th ui.Theme, t tone) ui.Paint {
	switch t {
	case toneGood:
		return th.Good
	case toneWarn:
		return th.Warn
	case toneBad:
		return th.Bad
	case toneSubtle:
		return th.Subtle
	case toneTitle:
		return th.Title
	}
	return nil
}
