package cli

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/ui"
)

// --width wraps the lessons' prose to the given columns (a projector at a
// large font size), and bad values get one line.
func TestWidth(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "probe", "--dry-run", "--width", "50")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	manifest := false
	for _, l := range strings.Split(r.out, "\n") {
		// manifests are shown whole, to be copied
		if strings.HasPrefix(l, "  # ") && strings.HasSuffix(l, ".yaml") {
			manifest = true
		} else if l == "" {
			manifest = false
		}
		// (nor is a `code` span, which wraps whole)
		tl := strings.TrimSpace(l)
		code := strings.HasPrefix(tl, "`") && strings.HasSuffix(tl, "`") && strings.Count(tl, "`") == 2
		// nor is one word of a command, which is never broken
		words, _ := ui.SplitCommand(strings.TrimPrefix(strings.TrimSuffix(tl, " \\"), "$ "))
		if w := ui.Width(l); w > 50 && !manifest && !code && len(words) > 1 {
			t.Errorf("%d columns: %q", w, l)
		}
	}
	for _, args := range [][]string{{"run", "--dry-run", "--width", "10"}, {"run", "--dry-run", "--theme", "sepia"}} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), args...)
		if r.code != 1 || strings.Count(r.err, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, r.code, r.err)
		}
	}
}

// --theme light picks the light palette, over KPOD_THEME, on a terminal.
func TestThemeLight(t *testing.T) {
	for _, tc := range []struct {
		flag, env string
		want      string
	}{{"light", "", "light"}, {"", "light", "light"}, {"light", "dark", "light"}, {"dark", "light", "dark"}} {
		app, _, _ := newApp(nil)
		app.Streams.OutTTY = true
		app.Getenv = func(k string) string {
			switch k {
			case "KPOD_THEME":
				return tc.env
			case "COLORTERM":
				return "truecolor"
			}
			return ""
		}
		args := []string{"run", "--dry-run"}
		if tc.flag != "" {
			args = append(args, "--theme", tc.flag)
		}
		r := run(t, app, context.Background(), args...)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		// the title is painted as the wanted palette paints it
		want, _, _ := strings.Cut(ui.Styled(io.Discard, func(k string) string {
			return map[string]string{"KPOD_THEME": tc.want, "COLORTERM": "truecolor"}[k]
		}).Title("X"), "X")
		if !strings.Contains(r.out, want+"kpod run") {
			t.Errorf("flag %q env %q: the title is not painted %q:\n%q", tc.flag, tc.env, want, r.out[:80])
		}
	}
}

// The outline, the course map, practice, help and examples honour --width
// too, in both languages (a manifest or a word wider than the line is left
// whole).
func TestOutlineProgressPracticeFitTheWidth(t *testing.T) {
	home := t.TempDir()
	cmds := [][]string{{}, {"progress"}, {"--help"}, {"run", "--help"}, {"why", "--help"}, {"practice", "--help"}, {"options"}, {"examples"}}
	for _, s := range practicetest.Sets() {
		cmds = append(cmds, []string{"practice", s.Lesson.Name, "--dry-run"})
	}
	for _, lang := range []string{"en", "ko"} {
		for _, args := range cmds {
			app, _, _ := newApp(nil)
			app.Getenv = func(k string) string {
				if k == "KPOD_HOME" {
					return home
				}
				return ""
			}
			args = append(args, "--width", "60", "--lang", lang)
			r := run(t, app, context.Background(), args...)
			if r.code != 0 {
				t.Fatalf("%v: exit %d: %s", args, r.code, r.err)
			}
			manifest, setup := false, false
			for _, l := range strings.Split(r.out, "\n") {
				tl := strings.TrimSpace(l)
				if strings.HasPrefix(tl, "```") {
					manifest = !manifest
				}
				// a drill's setup: a manifest under its "# NAME.yaml", up to a blank line
				setup = setup && tl != "" || strings.HasPrefix(tl, "# ") && strings.HasSuffix(tl, ".yaml")
				words, _ := ui.SplitCommand(strings.TrimSuffix(tl, " \\"))
				if w := ui.Width(l); w > 60 && !manifest && !setup && len(words) > 1 {
					t.Errorf("%v: %d columns: %q", args, w, l)
				}
			}
		}
	}
}
