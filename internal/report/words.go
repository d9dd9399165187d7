package report

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// Words are the output's own words: the step prompt and why a file is not
// a recording.
var Words = text.MustLoad(files)

// stepPrompt is the key of the line that asks for Enter before a step.
const stepPrompt = "ui.step.prompt"

// StepPrompt is the line that asks for Enter before each step (--step), in
// lang: a live run notes it, and so does a replay.
func StepPrompt(lang string) Line {
	return Line{Text: Words.Get(lang, stepPrompt).Body, Said: Said{Key: stepPrompt}}
}
