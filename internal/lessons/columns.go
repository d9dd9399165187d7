package lessons

import (
	"strings"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Columns lays out a table as kube.Columns does (kubectl's tab writer: at
// least 6 columns wide, 3 spaces apart), but measures each cell in terminal
// columns, so Korean labels, two columns a letter, line up too.
func Columns(head []string, rows [][]string) string {
	all := append([][]string{head}, rows...)
	var widths []int
	for _, r := range all {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 6)
			}
			if w := ui.Width(c) + 3; w > widths[i] {
				widths[i] = w
			}
		}
	}
	var b strings.Builder
	for _, r := range all {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ui.Width(c)))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Table is a table of kpod's words (Lines with their keys) and the
// cluster's (Plain), laid out as Columns does and said whole in each
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
		return Columns(in(head), cells)
	}))
}

// Plains is each of texts as a Plain line: a table's row of the cluster's words.
func Plains(texts ...string) []report.Line {
	ls := make([]report.Line, len(texts))
	for i, t := range texts {
		ls[i] = report.Plain(t)
	}
	return ls
}
