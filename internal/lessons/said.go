package lessons

import (
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// A line a student reads is made one of three ways, by what a replay in
// another language can do with it:
//   - Line: a text of the lesson's or the engine's messages. The record
//     keeps its key and what filled it, and a replay says it again from
//     today's texts (a text improved since the recording shows improved).
//   - SayEach: words built in code for each language (a table, a drawing,
//     another package's message). The record keeps them in every language.
//   - report.Plain: words that are the same in every language (a name, a
//     number, the cluster's own output).

// line is the lesson's text section key (else the engine's) in the
// session's language, filled from the facts and local, with what it was
// made from: the text's key, local and each function call's result.
func (s *Session) line(key string, local text.Facts) report.Line {
	return s.lineFrom(key, s.section(key).Body, local)
}

// SayEach is a line for a text that a message key and facts cannot say
// again: a drawing of the Pod as it was, a text of another package's
// messages. Its words are say's in lang, the run's language; the record
// carries it said in every language kpod speaks, so that a replay in
// another language shows it in that one.
func SayEach(lang string, say func(lang string) string) report.Line {
	in := map[string]string{}
	for _, l := range text.Languages {
		in[l] = say(l)
	}
	return report.Line{Text: say(lang), Said: report.Said{In: in}}
}
