package practice

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

//go:embed messages/*.md
var messageFiles embed.FS

// words are the practice engine's own words, in every language.
var words = text.MustLoadDir(messageFiles, "messages")

// Words returns the practice engine's own words, for callers that check them.
func Words() text.Text { return words }

// line says practice's message key in sc, and returns it with what it was
// made from: its key and facts (told in sc), how it named kpod and the
// namespace, and its words in every language kpod speaks (Said.In). A replay
// says it again from those words rather than looking practice's keys up, as
// some share the engine's names (ui.done). An error among the facts is told
// in each language.
func line(sc text.Scene, key string, facts text.Facts) report.Line {
	l := lessons.SayEach(sc.Lang, func(lang string) string { return inLang(sc, lang).Say(words, key, facts) })
	l.Said.Key, l.Said.Facts, l.Said.Program, l.Said.Namespace = key, sc.Told(facts), sc.Program, sc.Namespace
	return l
}

// title returns the title of key in practice's words, as line returns a body.
func title(sc text.Scene, key string) report.Line {
	l := lessons.SayEach(sc.Lang, func(lang string) string { return words.Get(lang, key).Title })
	l.Said.Key = key
	return l
}

// ofTask returns l as said of the task called key: "key: " before its words,
// in every language.
func ofTask(key string, l report.Line) report.Line {
	l.Text = key + ": " + l.Text
	for lang, t := range l.Said.In {
		l.Said.In[lang] = key + ": " + t
	}
	return l
}

// inLang returns sc with its language set to lang.
func inLang(sc text.Scene, lang string) text.Scene {
	sc.Lang = lang
	return sc
}
