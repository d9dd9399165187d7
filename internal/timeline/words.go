package timeline

import (
	"embed"
	"strings"

	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed en.md ko.md
var files embed.FS

// words are the timeline's: what a change to a Pod (pod.*) or an Event
// (event.*) means, and the shorter ".again" form of each that has one.
var words = text.MustLoad(files)

// SayAgain says a told line again in lang from its message key
// (Annotation.Key, a ".again" form too) and facts, and returns its label and
// text, as a replay in another language shows them. ok is false when key is
// not the timeline's or its words do not make a whole text.
func SayAgain(lang, key string, f text.Facts) (label, body string, ok bool) {
	title, found := words.Lookup(lang, strings.TrimSuffix(key, ".again"))
	if !found || key == "" {
		return "", "", false
	}
	sec, _ := words.Lookup(lang, key)
	all := allFacts(f)
	label, ok1 := whole(title.Title, all)
	body, ok2 := whole(sec.Body, all)
	return label, body, ok1 && ok2
}

// whole returns s filled from f, and whether that made a whole text.
func whole(s string, f text.Facts) (string, bool) {
	out, missing, err := text.Render(s, nil, f)
	return out, err == nil && len(missing) == 0 && s != ""
}
