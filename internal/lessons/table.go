package lessons

import (
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// Table is a table of kpod's words (Lines with their keys) and the
// cluster's (Plain), laid out by kube.Columns and said whole in each
// language kpod speaks: a replay in another language lays the table out
// again at that language's widths.
func (v View) Table(head []report.Line, rows [][]report.Line) report.Output {
	s := v.s
	return report.Output{}.Say(SayEach(s.Env.Lang, func(lang string) string {
		in := func(ls []report.Line) []string {
			cells := make([]string, len(ls))
			for i, l := range ls {
				cells[i] = s.sayIn(lang, l)
			}
			return cells
		}
		var cells [][]string
		for _, r := range rows {
			cells = append(cells, in(r))
		}
		return kube.Columns(in(head), cells)
	}))
}

// sayIn is l, a line of the run, said in lang from what it was made of, as
// a replay says it again (ReplayFuncs); its own words in the session's
// language, or where it cannot be.
func (s *Session) sayIn(lang string, l report.Line) string {
	if t, ok := l.Said.In[lang]; ok {
		return t
	}
	if lang == s.Env.Lang || l.Said.Key == "" {
		return l.Text
	}
	sec, ok := s.Lesson.Sources().Lookup(lang, l.Said.Key)
	out, missing, err := text.Render(sec.Body, ReplayFuncs(lang, l.Said), l.Said.Facts)
	if !ok || err != nil || len(missing) > 0 {
		s.learned.problem("%s: not said in %s", l.Said.Key, lang)
		return l.Text
	}
	return out
}

// Plains is each of texts as a Plain line: a table's row of the cluster's words.
func Plains(texts ...string) []report.Line {
	ls := make([]report.Line, len(texts))
	for i, t := range texts {
		ls[i] = report.Plain(t)
	}
	return ls
}
