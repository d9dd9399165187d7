package lessons

import (
	"embed"
	"io/fs"

	"github.com/kpod-dev/kpod/internal/ui"
)

//go:embed messages/*.md
var messageFiles embed.FS

// Messages are the engine's own words, in every language.
var Messages = func() Text {
	sub, _ := fs.Sub(messageFiles, "messages")
	return MustLoadText(sub)
}()

func init() { ui.Texts = Say }

// Say is the message key in lang, filled with facts: how a ui.Error reads.
// An error among the facts is told in lang too.
// A key in no language reads as the key itself (a test keeps every key
// kpod uses in both languages).
func Say(lang, key string, facts map[string]any) string {
	sec, ok := Messages.Lookup(lang, key)
	if !ok {
		return key
	}
	told := make(map[string]any, len(facts))
	for k, v := range facts {
		if err, ok := v.(error); ok { // an error among the facts, told in lang too
			v = ui.Tell(err, lang)
		}
		told[k] = v
	}
	out, _, err := Render(sec.Body, nil, told)
	if err != nil {
		return sec.Body
	}
	return out
}
