package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons/all"
)

// Under --lang ko every help, every lesson's dry run and every example's
// manifest is Korean, outside code, commands and quoted output.
func TestEverythingInKorean(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk(newCmdKpod(newInvocation(koApp(nil, nil), nil)), nil)
	for _, path := range paths {
		args := append(append([]string(nil), path...), "--help", "--lang", "ko")
		r := run(t, koApp(nil, nil), context.Background(), args...)
		if r.code != 0 {
			t.Errorf("kpod %s: exit %d: %s", strings.Join(args, " "), r.code, r.err)
		}
		requireKorean(t, "kpod "+strings.Join(args, " "), prose(r.out))
	}
	for _, l := range all.Lessons {
		args := []string{l.Name, "--dry-run", "--lang", "ko"}
		r := run(t, koApp(nil, nil), context.Background(), args...)
		if r.code != 0 {
			t.Errorf("kpod %s: exit %d: %s", strings.Join(args, " "), r.code, r.err)
		}
		requireKorean(t, "kpod "+strings.Join(args, " "), prose(r.out+r.err))
	}
	for _, name := range examples.Names() {
		args := []string{"examples", name, "--lang", "ko"}
		r := run(t, koApp(nil, nil), context.Background(), args...)
		if r.code != 0 {
			t.Errorf("kpod %s: exit %d: %s", strings.Join(args, " "), r.code, r.err)
		}
		var comments []string
		for _, line := range strings.Split(r.out, "\n") {
			if _, c, ok := strings.Cut(line, "#"); ok {
				comments = append(comments, c)
			}
		}
		requireKorean(t, "kpod "+strings.Join(args, " "), strings.Join(comments, "\n"))
	}
}

// prose is out without what a student types or applies as it is: command
// lines and the YAML of manifests (their comments stay).
func prose(out string) string {
	var b strings.Builder
	yaml := false
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "# ") && strings.HasSuffix(trimmed, ".yaml"):
			yaml = true
			continue
		case trimmed == "":
			yaml = false
		case yaml && !strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(trimmed, "$ "), strings.HasPrefix(trimmed, "kubectl "), strings.HasPrefix(trimmed, "kpod "):
			before, comment, found := strings.Cut(trimmed, " # ")
			_ = before
			if !found {
				continue
			}
			line = comment
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
