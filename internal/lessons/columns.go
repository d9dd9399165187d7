package lessons

import (
	"strings"

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
