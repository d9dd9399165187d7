package report

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are the output's own words: the step prompt and why a file is not
// a recording.
var words = text.MustLoad(files)

// Words returns the output's own words, for callers that say them again
// (replay).
func Words() text.Text { return words }

// stepPrompt is the key of the line that asks for Enter before a step.
const stepPrompt = "ui.step.prompt"

// StepPrompt returns the line that asks for Enter before each step (--step),
// in lang: a live run notes it, and so does a replay.
func StepPrompt(lang string) Line {
	return Line{Text: text.Scene{Lang: lang}.Say(words, stepPrompt, nil), Said: Said{Key: stepPrompt}}
}
