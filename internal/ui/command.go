package ui

import (
	"strings"
	"unicode"
)

// commandHang is how much further than the command a broken command's
// continuation lines start.
const commandHang = "    "

// WrapCommand fits a shell command line, shown for a student to copy,
// to width columns. It breaks only between shell words (never inside
// quotes), ends each broken line with " \" so that the shell joins the
// lines again, and indents the lines after the first under the command,
// further by four. Every line starts with lead (but the lines of a
// quoted word that holds a line break); the first command line then has
// prompt ("$ ", or ""). A word wider than the line stays whole. A trailing "# comment" that does not fit
// beside the command goes on a line of its own above it, whole ("#" on
// each line if it needs more than one). Width 0 leaves the line as it is.
func WrapCommand(line string, width int, lead, prompt string) string {
	if width <= 0 || widest(lead+prompt+line) <= width {
		return lead + prompt + line
	}
	words, comment := SplitCommand(line)
	var b strings.Builder
	if comment != "" {
		b.WriteString(wrapComment(comment, width, lead))
		b.WriteByte('\n')
	}
	cmd := strings.Join(words, " ")
	if widest(lead+prompt+cmd) <= width {
		b.WriteString(lead + prompt + cmd)
		return b.String()
	}
	hang := lead + strings.Repeat(" ", Width(prompt)) + commandHang
	words = keepFlagValues(words, width-Width(hang)-2)
	b.WriteString(lead + prompt)
	col := Width(lead + prompt)
	for i, w := range words {
		ww := widest(w)
		if i > 0 {
			// Room for the word, and for " \" unless it is the last.
			need := 1 + ww
			if i < len(words)-1 {
				need += 2
			}
			if col+need > width {
				b.WriteString(" \\\n" + hang)
				col = Width(hang)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		if nl := strings.LastIndexByte(w, '\n'); nl >= 0 { // a quoted word with a line break
			col = Width(w[nl+1:])
		} else {
			col += ww
		}
	}
	return b.String()
}

// widest is the width of the widest line of s.
func widest(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, Width(l))
	}
	return n
}

// keepFlagValues joins a one-letter flag to its value (-n kpod, -o wide,
// -c app) where the two fit in room columns, so that a line does not end
// in a flag whose value is on the next: the shell reads the same words
// either way.
func keepFlagValues(words []string, room int) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len(w) == 2 && w[0] == '-' && w[1] != '-' && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") && widest(w+" "+words[i+1]) <= room {
			w += " " + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}

// wrapComment is "# comment" on lines that start with lead, each a
// comment.
func wrapComment(comment string, width int, lead string) string {
	text := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	lines := strings.Split(Wrap(text, width-Width(lead)-2, 0, ""), "\n")
	for i, l := range lines {
		lines[i] = lead + "# " + l
	}
	return strings.Join(lines, "\n")
}

// SplitCommand splits a shell command line into its words as written
// (quotes and escapes kept) and its trailing comment ("# ..." or "").
// A word breaks at whitespace outside quotes; "#" starts a comment where
// a word would start, as in sh.
func SplitCommand(line string) (words []string, comment string) {
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case escaped:
			escaped = false
		case quote != 0:
			if r == quote {
				quote = 0
			} else if r == '\\' && quote == '"' {
				escaped = true
			}
		case r == '\\':
			escaped = true
		case r == '\'' || r == '"':
			quote = r
		case unicode.IsSpace(r):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
			continue
		case r == '#' && !inWord:
			return words, strings.TrimRight(string(rs[i:]), " \t")
		}
		cur.WriteRune(r)
		inWord = true
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, ""
}

// WrapProse wraps text that Reflow has joined: a paragraph as Wrap does;
// an indented line that is not a list item is a command shown for the
// student to copy (a lesson's "Try it yourself"), wrapped by WrapCommand
// under its own indentation.
func WrapProse(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	fence := false
	for i, l := range lines {
		trim := strings.TrimLeft(l, " ")
		switch {
		case strings.HasPrefix(trim, "```"):
			fence = !fence
		case !fence && trim != "" && len(trim) < len(l) && !isItem(trim):
			lines[i] = WrapCommand(trim, width, l[:len(l)-len(trim)], "")
			continue
		}
		lines[i] = wrapLine(l, width, 0, "")
	}
	return strings.Join(lines, "\n")
}
