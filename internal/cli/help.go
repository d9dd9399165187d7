package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// helper prints help in the session's language.
type helper struct{ inv *invocation }

// about is c's short and long help in the session's language: cobra's
// (English), else a tool's from helpTexts, a lesson's from its texts.
func (h *helper) about(c *cobra.Command) (short, long string) {
	lang := h.inv.lang()
	if lang == "en" {
		return c.Short, c.Long
	}
	if key := c.Annotations[helpKey]; key != "" {
		if sec, ok := helpText(lang, key, with(helpFacts, "Program", h.inv.Name)); ok {
			return sec.Title, sec.Body
		}
	}
	if l := h.inv.lesson(c.Annotations[lessonKey]); l != nil {
		return l.Title(lang), l.Title(lang) + "\n\n" + intro(l, lang, h.inv.Name)
	}
	return c.Short, c.Long
}

// short is c's short help in the session's language.
func (h *helper) short(c *cobra.Command) string {
	short, _ := h.about(c)
	return short
}

// kubectlFlags are the names of kubectl's connection flags: `kpod options`
// lists them, once.
func (h *helper) kubectlFlags() map[string]bool {
	fs := pflag.NewFlagSet("kubectl", pflag.ContinueOnError)
	h.inv.Flags.AddFlags(fs)
	names := map[string]bool{}
	fs.VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
	return names
}

// ownFlags are the flags of fs that are not kubectl's, with their Korean
// usage under --lang ko.
func (h *helper) ownFlags(fs *pflag.FlagSet) *pflag.FlagSet {
	kubectl := h.kubectlFlags()
	out := pflag.NewFlagSet("kpod", pflag.ContinueOnError)
	ko := h.inv.lang() == "ko"
	fs.VisitAll(func(f *pflag.Flag) {
		if kubectl[f.Name] || f.Hidden {
			return
		}
		g := *f
		if u := f.Annotations[koUsage]; ko && len(u) > 0 {
			g.Usage = u[0]
		}
		out.AddFlag(&g)
	})
	return out
}

// help prints a command's help: its text, then its usage. kpod's own
// help asked with an argument that names no command (kpod foo --help)
// prints nothing: execute says that error (helpUnknown).
func (h *helper) help(c *cobra.Command, _ []string) {
	if !c.HasParent() && helpUnknown(c) != nil {
		return
	}
	w := c.OutOrStdout()
	short, long := h.about(c)
	about := strings.TrimSpace(long)
	if about == "" {
		about = short
	}
	fmt.Fprintf(w, "%s\n\n", wrapParagraphs(about, h.inv.outPrinter().Width))
	_ = h.usage(c)
}

// usage is cobra's usage, shorter: kubectl's 24 connection flags are left
// to `kpod options`, and the texts follow --lang.
func (h *helper) usage(c *cobra.Command) error {
	w := c.OutOrStdout()
	tr := h.tr
	wrap := func(s string) string { return wrapParagraphs(s, h.inv.outPrinter().Width) }
	fmt.Fprint(w, tr("usage.usage", nil))
	if c.Runnable() && c.Annotations[groupKey] == "" { // a group runs only its help
		fmt.Fprintf(w, "\n  %s", h.useWords().Replace(c.UseLine()))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s %s", c.CommandPath(), tr("usage.command", nil))
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("usage.examples", nil), ui.WrapProse(h.example(c), h.inv.outPrinter().Width))
	}
	if c.HasAvailableSubCommands() {
		h.commands(w, c)
	}
	usages := func(fs *pflag.FlagSet) string {
		u := strings.TrimRight(fs.FlagUsagesWrapped(h.inv.outPrinter().Width), " \n")
		// pflag writes "(default ...)" itself
		return strings.ReplaceAll(u, " (default ", " ("+tr("usage.default", nil)+" ")
	}
	if own := h.ownFlags(c.LocalFlags()); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("usage.flags", nil), usages(own))
	}
	if own := h.ownFlags(c.InheritedFlags()); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", tr("usage.global", nil), usages(own))
	}
	if c.Annotations[namespacesKey] != "" {
		fmt.Fprintf(w, "\n\n%s", wrap(tr("usage.namespaces", nil)))
	}
	if c.Name() != "options" {
		fmt.Fprintf(w, "\n\n%s", wrap(tr("usage.connection", text.Facts{"Command": c.Root().CommandPath()})))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprint(w, "\n"+wrap(tr("usage.more", text.Facts{"Command": c.CommandPath()})))
	}
	fmt.Fprintln(w)
	return nil
}

// tr is a key of the help's frame, filled, in the session's language.
func (h *helper) tr(key string, facts text.Facts) string {
	sec, ok := helpText(h.inv.lang(), key, facts)
	if !ok {
		sec, _ = helpText("en", key, facts)
	}
	if sec.Title != "" {
		return sec.Title
	}
	return sec.Body
}

// example is c's examples in the session's language: a tool's
// KEY.example, a lesson's made in code (c.Example).
func (h *helper) example(c *cobra.Command) string {
	sec, ok := helpTexts.Lookup(h.inv.lang(), c.Annotations[helpKey]+".example")
	if !ok {
		return c.Example
	}
	return h.inv.examples(indent(sec.Body))
}

// useWords writes a use line's placeholders in the session's language
// (usage.words: "WORD TRANSLATION" a line, the raw body: pairs to replace,
// not a message). The command names are lower case, so only the
// upper-case words and cobra's [flags] change.
func (h *helper) useWords() *strings.Replacer {
	var pairs []string
	for _, l := range strings.Split(helpTexts.Get(h.inv.lang(), "usage.words").Body, "\n") {
		if from, to, ok := strings.Cut(l, " "); ok {
			pairs = append(pairs, from, to)
		}
	}
	return strings.NewReplacer(pairs...)
}

func (h *helper) commands(w io.Writer, c *cobra.Command) {
	others := h.tr("usage.commands", nil) // a command's only list
	if len(c.Groups()) > 0 {
		others = h.tr("usage.others", nil) // after the lessons and the tools
	}
	titles := map[string]string{"lessons": h.tr("usage.lessons", nil), "tools": h.tr("usage.tools", nil), "": others}
	order := []string{"lessons", "tools", ""}
	for _, g := range order {
		var lines []string
		for _, sub := range c.Commands() {
			if sub.GroupID != g || !(sub.IsAvailableCommand() || sub.Name() == "help") {
				continue
			}
			lines = append(lines, h.inv.row(fmt.Sprintf("  %-*s ", sub.NamePadding(), sub.Name()), h.short(sub)))
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "\n\n%s\n%s", titles[g], strings.Join(lines, "\n"))
		}
	}
}

// OptionsOptions are kpod options's: no flags of its own.
type OptionsOptions struct {
	noComplete
	noValidate

	inv *invocation
}

// newOptionsOptions are kpod options's defaults.
func newOptionsOptions(inv *invocation) *OptionsOptions { return &OptionsOptions{inv: inv} }

// newCmdOptions lists kubectl's connection flags, once, as `kubectl options`.
func newCmdOptions(inv *invocation) *cobra.Command {
	o := newOptionsOptions(inv)
	cmd := &cobra.Command{
		Use:  "options",
		Args: noArgs,
		RunE: runE(o),
	}
	describe(cmd, "options", inv.Name)
	noOutput(cmd)
	return cmd
}

// Run prints kubectl's connection flags.
func (o *OptionsOptions) Run(_ context.Context) error {
	fs := pflag.NewFlagSet("kubectl", pflag.ContinueOnError)
	o.inv.Flags.AddFlags(fs)
	w := o.inv.Streams.Out
	h := &helper{inv: o.inv}
	fmt.Fprintln(w, h.tr("usage.options", nil))
	fmt.Fprint(w, fs.FlagUsagesWrapped(o.inv.outPrinter().Width))
	return nil
}

// wrapParagraphs wraps each paragraph of text that has a line wider than
// width, joining its lines first; a paragraph that fits keeps its lines
// (a lesson's English and Korean titles, one under the other).
func wrapParagraphs(text string, width int) string {
	paras := strings.Split(text, "\n\n")
	for i, p := range paras {
		for _, l := range strings.Split(p, "\n") {
			if ui.Width(l) > width {
				paras[i] = ui.Wrap(ui.Reflow(p), width, 0, "")
				break
			}
		}
	}
	return strings.Join(paras, "\n\n")
}
