package lessons

import (
	"strings"

	"github.com/kpod-dev/kpod/internal/ui"
)

// Columns lays out a table as kube.Columns does (kubectl's tab writer: at
// least 6 columns wide, 3 spaces apart), but measures each cell in terminal
// columns, so Korean labels, two columns a letter, line up too. A cell is
// kpod's words (a Line with its key) or the cluster's (Plain).
func Columns(head []Line, rows [][]Line) Output {
	all := append([][]Line{head}, rows...)
	var widths []int
	for _, r := range all {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 6)
			}
			if w := ui.Width(c.Text) + 3; w > widths[i] {
				widths[i] = w
			}
		}
	}
	var o Output
	for _, r := range all {
		for i, c := range r {
			o = o.Say(c)
			if i < len(r)-1 {
				o = o.Quote(strings.Repeat(" ", widths[i]-ui.Width(c.Text)))
			}
		}
		o = o.Quote("\n")
	}
	return o
}

// Plains is each of texts as a Plain line: a table's row of the cluster's words.
func Plains(texts ...string) []Line {
	ls := make([]Line, len(texts))
	for i, t := range texts {
		ls[i] = Plain(t)
	}
	return ls
}
