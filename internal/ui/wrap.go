package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks text at spaces so that no line is wider than width columns.
// The first line starts at column first (what is printed before it); the
// lines after it start with indent, plus the wrapped line's own leading
// spaces (and two more under a "- " list item). Existing line breaks stay;
// a word wider than the line is left whole (commands, URLs). Widths count
// terminal columns: Hangul is two, colour escapes none.
func Wrap(text string, width, first int, indent string) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		start := 0
		if i == 0 {
			start = first
		}
		lines[i] = wrapLine(line, width, start, indent)
	}
	return strings.Join(lines, "\n")
}

func wrapLine(line string, width, start int, indent string) string {
	if start+ansi.StringWidth(line) <= width {
		return line
	}
	body := strings.TrimLeft(line, " ")
	lead := line[:len(line)-len(body)]
	hang := indent + lead
	if strings.HasPrefix(body, "- ") || strings.HasPrefix(body, "* ") {
		hang += "  "
	}
	var b strings.Builder
	b.WriteString(lead)
	col := start + len(lead)
	lineStart := true
	for _, word := range words(body) {
		w := ansi.StringWidth(word)
		if !lineStart && col+1+w > width {
			b.WriteString("\n" + hang)
			col = ansi.StringWidth(hang)
			lineStart = true
		}
		if !lineStart {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += w
		lineStart = false
	}
	return b.String()
}

// words splits s at spaces, keeping a `code span` whole: a command is
// never broken across lines.
func words(s string) []string {
	var out []string
	open := false
	for _, f := range strings.Fields(s) {
		if open {
			out[len(out)-1] += " " + f
		} else {
			out = append(out, f)
		}
		if strings.Count(f, "`")%2 == 1 {
			open = !open
		}
	}
	return out
}

// Width is the number of terminal columns s takes.
func Width(s string) int { return ansi.StringWidth(s) }

// Reflow joins the lines of each paragraph that were broken by hand, so
// Wrap can break them again at the terminal's width. Blank lines, list
// items ("- ", "* ", "1. "), lines that start with "$ " or "#", indented
// blocks and ``` fences stay as they are; a list item's indented
// continuation joins its item.
func Reflow(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	fence, inItem := false, false
	for _, l := range lines {
		trim := strings.TrimLeft(l, " ")
		lead := len(l) - len(trim)
		switch {
		case strings.HasPrefix(trim, "```"):
			fence = !fence
			inItem = false
		case fence || trim == "":
			inItem = false
		case len(out) > 0 && out[len(out)-1] != "" && !fence && !startsBlock(trim):
			prev := out[len(out)-1]
			prevTrim := strings.TrimLeft(prev, " ")
			if (lead == 0 && !inItem && len(prev) == len(prevTrim) && !startsBlock(prevTrim)) || (inItem && lead == 2) {
				out[len(out)-1] = prev + " " + trim
				continue
			}
			inItem = false
		default:
			inItem = lead == 0 && isItem(trim)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func isItem(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], ". ")
}

func startsBlock(s string) bool {
	return isItem(s) || strings.HasPrefix(s, "$ ") || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "|") || strings.HasPrefix(s, "```")
}
