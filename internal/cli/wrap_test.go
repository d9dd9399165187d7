package cli

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/ui"
)

// shown is one command a lesson shows for the student to copy, as
// printed: its lines, and the comment printed above it, if any.
type shown struct {
	lines   []string
	comment string
}

// text is the command as the shell reads it once pasted: the prompt gone,
// the lines joined where they end in a backslash.
func (s shown) text() string {
	t := strings.Join(s.lines, "\n")
	t = strings.TrimPrefix(strings.TrimLeft(t, " "), "$ ")
	return strings.ReplaceAll(t, "\\\n", "")
}

// shownCommands finds the commands in a lesson's output: each "  $ "
// line, and the indented lines under a "Try it yourself:" line, with
// the lines that continue them (after a line ending in " \").
func shownCommands(out string) []shown {
	var cmds []shown
	lines := strings.Split(out, "\n")
	inTry := false
	comment, para := "", ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		trim := strings.TrimLeft(l, " ")
		switch {
		case trim == "":
			inTry, para = false, ""
			continue
		case len(trim) == len(l):
			para += " " + l
			inTry = strings.HasSuffix(l, ":") && (strings.Contains(para, "Try it yourself") || strings.Contains(para, "직접 해 보세요"))
			continue
		case !strings.HasPrefix(trim, "$ ") && !inTry:
			continue
		case inTry && strings.HasPrefix(trim, "#"):
			comment = strings.TrimSpace(strings.TrimSpace(comment + " " + strings.TrimPrefix(trim, "#")))
			continue
		}
		s := shown{lines: []string{l}, comment: comment}
		comment = ""
		for (strings.HasSuffix(lines[i], " \\") || openQuote(strings.Join(s.lines, "\n"))) && i+1 < len(lines) {
			i++
			s.lines = append(s.lines, lines[i])
		}
		cmds = append(cmds, s)
	}
	return cmds
}

// placeholder is a name the student fills in, <pod.uid> or <POD ID>: a
// word to sh -n.
var placeholder = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9._ -]*>`)

// openQuote says whether s ends inside a quoted string.
func openQuote(s string) bool {
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		}
	}
	return quote != 0
}

// Every command a lesson shows, in either language and at 80 or 60
// columns, pastes as printed: each line fits (but a word wider than the
// line, which stays whole), the shell reads it (sh -n),
// and it is the command printed unwrapped once the shell joins its lines.
func TestShownCommandsPasteWhole(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, l := range all.Lessons {
		for _, lang := range []string{"en", "ko"} {
			dry := func(width int) string {
				app, _, _ := newApp(nil)
				args := []string{l.Name, "--dry-run", "--lang", lang, "--no-color"}
				if width > 0 {
					args = append(args, "--width", fmt.Sprint(width))
				}
				r := run(t, app, context.Background(), args...)
				if r.code != 0 {
					t.Fatalf("%v: exit %d: %s", args, r.code, r.err)
				}
				return r.out
			}
			wide := shownCommands(dry(0)) // the test's streams are 400 wide
			if len(wide) == 0 {
				t.Fatalf("%s %s: no command found in the dry run", l.Name, lang)
			}
			for _, width := range []int{80, 60} {
				got := shownCommands(dry(width))
				if len(got) != len(wide) {
					t.Errorf("%s %s --width %d: %d commands, %d unwrapped", l.Name, lang, width, len(got), len(wide))
					continue
				}
				for i, c := range got {
					printed := strings.Join(c.lines, "\n")
					for _, line := range c.lines {
						if words, _ := ui.SplitCommand(strings.TrimSuffix(line, " \\")); ui.Width(line) > width && len(words) > 1 {
							t.Errorf("%s %s --width %d: %q is %d columns", l.Name, lang, width, line, ui.Width(line))
						}
					}
					if out, err := exec.Command(sh, "-n", "-c", placeholder.ReplaceAllString(c.text(), "X")).CombinedOutput(); err != nil {
						t.Errorf("%s %s --width %d: sh -n %v %s:\n%s", l.Name, lang, width, err, out, printed)
					}
					w := wide[i]
					words, comment := ui.SplitCommand(w.text())
					gotWords, gotComment := ui.SplitCommand(c.text())
					if gotComment == "" {
						gotComment = c.comment
					} else {
						gotComment = strings.TrimSpace(strings.TrimPrefix(gotComment, "#"))
					}
					comment = strings.TrimSpace(strings.TrimPrefix(comment, "#"))
					if strings.Join(gotWords, " ") != strings.Join(words, " ") || strings.Join(strings.Fields(gotComment), " ") != strings.Join(strings.Fields(comment), " ") {
						t.Errorf("%s %s --width %d: printed\n%s\nreads as %q (comment %q), want %q (comment %q)", l.Name, lang, width, printed, gotWords, gotComment, words, comment)
					}
				}
			}
		}
	}
}
