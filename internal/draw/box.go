package draw

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// line is one line of text in one tone, wrapped before it is painted.
type line struct {
	text string
	tone tone
}

// box is a bordered box: a mark and a title on its top border, lines
// inside, its border in the tone of what it holds.
type box struct {
	mark, title string
	tone        tone
	lines       []line
}

// frame are the border characters.
type frame struct{ tl, tr, bl, br, h, v string }

var (
	rounded = frame{"╭", "╮", "╰", "╯", "─", "│"}
	ascii   = frame{"+", "+", "+", "+", "-", "|"}
)

func width(s string) int { return ansi.StringWidth(s) }

// nbsp joins words that wrap keeps on one line; it is drawn as a space.
const nbsp = "\u00a0"

// wrap breaks plain text at spaces into lines of at most w columns; the
// first keeps its leading spaces, the others start with indent. A word
// wider than a line is cut.
func wrap(s string, w int, indent string) []string {
	out := wrapWords(s, w, indent)
	for i, l := range out {
		out[i] = strings.ReplaceAll(l, nbsp, " ")
	}
	return out
}

func wrapWords(s string, w int, indent string) []string {
	if width(s) <= w {
		return []string{s}
	}
	var out []string
	cur, lead := "", s[:len(s)-len(strings.TrimLeft(s, " "))]
	for _, word := range strings.Split(s, " ") {
		if word == "" {
			continue
		}
		for {
			room := w - width(lead)
			switch {
			case cur == "" && width(word) <= room:
				cur = word
			case cur != "" && width(cur)+1+width(word) <= room:
				cur += " " + word
			case cur != "":
				out = append(out, lead+cur)
				cur, lead = "", indent
				continue
			default: // a word wider than a whole line
				head := ansi.Truncate(word, room, "")
				if i := joinBefore(head); i > 0 && len(head) < len(word) {
					head = head[:i] // at a joined space, not inside a bracket: "(ro)" stays whole
				}
				if head == "" { // no room even for one character
					head = string([]rune(word)[:1])
				}
				out = append(out, lead+head)
				word, lead = word[len(head):], indent
				continue
			}
			break
		}
	}
	if cur != "" {
		out = append(out, lead+cur)
	}
	return out
}

// joinBefore is the end of s up to its last joined space (nbsp) outside
// brackets, the place to cut a joined word that must be cut; 0 if none.
func joinBefore(s string) int {
	cut, depth := 0, 0
	for i, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case string(r) == nbsp && depth == 0:
			cut = i + len(nbsp)
		}
	}
	return cut
}

// pad fills s with spaces to w columns.
func pad(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// natural is the width a box would like: its longest line, or its title.
func (b box) natural() int {
	n := width(b.mark) + 1 + width(b.title) + 6
	for _, l := range b.lines {
		n = max(n, width(l.text)+4)
	}
	return n
}

// render draws b w columns wide, height lines of text at least.
func (d *drawer) render(b box, w, height int) []string {
	var body []string
	for _, l := range b.lines {
		for _, t := range wrap(l.text, w-4, "  ") {
			body = append(body, pad(d.paint(l.tone, t), w-4))
		}
	}
	for len(body) < height {
		body = append(body, strings.Repeat(" ", w-4))
	}
	return d.enclose(b.mark, b.title, b.tone, body, w)
}

// enclose puts a border w columns wide around lines already painted and
// padded to w-4 columns, with mark and title on its top border.
func (d *drawer) enclose(mark, title string, t tone, body []string, w int) []string {
	f := d.frame
	head := title
	if mark != "" {
		head = mark + " " + title
	}
	if width(head) > w-6 {
		head = ansi.Truncate(head, w-6, d.more)
	}
	painted := d.paint(toneTitle, head)
	if mark != "" && strings.HasPrefix(head, mark+" ") {
		painted = d.paint(t, mark) + " " + d.paint(toneTitle, strings.TrimPrefix(head, mark+" "))
	}
	border := func(s string) string { return d.paint(t, s) }
	out := []string{border(f.tl+f.h) + " " + painted + " " + border(strings.Repeat(f.h, w-5-width(head))+f.tr)}
	for _, l := range body {
		out = append(out, border(f.v)+" "+l+" "+border(f.v))
	}
	return append(out, border(f.bl+strings.Repeat(f.h, w-2)+f.br))
}

// height is the number of text lines b takes at width w.
func (b box) height(w int) int {
	n := 0
	for _, l := range b.lines {
		n += len(wrap(l.text, w-4, "  "))
	}
	return n
}

// row lays boxes out in w columns: side by side when the drawing is wide
// enough and each box gets its natural width, else one under another.
func (d *drawer) row(boxes []box, w int) []string {
	per := 1
	if d.o.Width >= sideBySide {
		for k := len(boxes); k > 1; k-- {
			each, fits := (w-(k-1))/k, true
			for _, b := range boxes {
				fits = fits && b.natural() <= each
			}
			if fits {
				per = k
				break
			}
		}
	}
	each := (w - (per - 1)) / per
	if per == 1 {
		each = w
	}
	var out []string
	for i := 0; i < len(boxes); i += per {
		group := boxes[i:min(i+per, len(boxes))]
		height := 0
		for _, b := range group {
			height = max(height, b.height(each))
		}
		var cols [][]string
		for j, b := range group {
			bw := each
			if j == len(group)-1 && len(group) > 1 {
				bw = w - (len(group)-1)*(each+1) // the last takes what is left
			}
			cols = append(cols, d.render(b, bw, height))
		}
		for j := range cols[0] {
			var parts []string
			for _, c := range cols {
				parts = append(parts, c[j])
			}
			out = append(out, pad(strings.Join(parts, " "), w))
		}
	}
	return out
}
