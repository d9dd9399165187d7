package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// OutlineOptions are kpod's own, with no command: the course outline.
type OutlineOptions struct {
	noComplete
	noValidate

	out     *output
	Lessons []*lessons.Lesson
}

// newOutlineOptions are the outline's defaults.
func newOutlineOptions(out *output, l []*lessons.Lesson) *OutlineOptions {
	return &OutlineOptions{out: out, Lessons: l}
}

// newCmdRoot is kpod itself: the flags every command shares, and the
// course outline when no command is given.
func newCmdRoot(inv *invocation) *cobra.Command {
	o := newOutlineOptions(inv.output, inv.Lessons)
	root := &cobra.Command{
		Use:           "kpod",
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       GetVersion().GitVersion,
		// With Args set, cobra's Find leaves an unknown command to kpod
		// (rootArgs), to say in the session's language.
		Args:                       rootArgs,
		SuggestionsMinimumDistance: 2, // cobra's default
		RunE:                       runE(o),
	}
	root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: inv.Name}
	root.SetVersionTemplate("kpod {{.Version}}\n")
	describe(root, "kpod", inv.Name)
	statesNamespaces(root)
	noOutput(root)
	pf := root.PersistentFlags()
	inv.Flags.AddFlags(pf)
	g := &inv.Global
	addFlag(pf, &g.lang, "lang", "", "flag.lang")
	addFlag(pf, &g.NoColor, "no-color", "", "flag.no-color")
	addFlag(pf, &g.Theme, "theme", "", "flag.theme")
	addFlag(pf, &g.Width, "width", "", "flag.width")
	addFlag(pf, &g.Output, "output", "o", "flag.output")
	addFlag(pf, &g.Verbosity, "v", "v", "flag.v")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := g.Validate(cmd); err != nil {
			return err
		}
		if err := checkNamespace(inv.namespace("")); err != nil {
			return err
		}
		if g.Verbosity > 0 {
			inv.log(inv.Streams.ErrOut, g.Verbosity) // client-go's log, as kubectl's -v
		}
		return nil
	}
	root.AddGroup(&cobra.Group{ID: "lessons"}, &cobra.Group{ID: "tools"}) // their titles: usage.lessons, usage.tools
	return root
}

// Validate checks the shared flags for cmd.
func (g *GlobalOptions) Validate(cmd *cobra.Command) error {
	if err := checkOutput(cmd, g.Output); err != nil {
		return err
	}
	if !ui.IsTheme(g.Theme) {
		return words.Err("err.cli.theme", text.Facts{"Got": g.Theme, "Want": strings.Join(ui.Themes, ", ")})
	}
	if g.Width != 0 && g.Width < ui.MinWidth {
		return words.Err("err.cli.width", text.Facts{"Min": ui.MinWidth, "Got": g.Width})
	}
	if g.lang != "" {
		if _, ok := text.Lang(g.lang, func(string) string { return "" }); !ok { // given a flag, Lang reads no environment
			return words.Err("err.cli.lang", text.Facts{"Got": g.lang, "Want": strings.Join(text.Languages, ", ")})
		}
	}
	return nil
}

// Run prints the course outline.
func (o *OutlineOptions) Run(_ context.Context) error {
	out := o.out
	w := out.Streams.Out
	t := out.outPrinter().Theme
	fmt.Fprintf(w, "%s\n%s\n\n", t.Title(out.wrap("kpod · "+out.say("ui.outline.title", nil), 2)), out.wrap(out.say("ui.outline", nil), 0))
	for i, l := range o.Lessons {
		fmt.Fprintln(w, out.row(fmt.Sprintf("  %2d  %s  ", i+1, t.Command(fmt.Sprintf("%-10s", l.Name))), l.Title(out.lang())))
	}
	first := out.Name + " run"
	if len(o.Lessons) > 0 {
		first = out.Name + " " + o.Lessons[0].Name
	}
	_, err := fmt.Fprintf(w, "\n%s\n%s\n",
		out.wrap(out.say("ui.outline.run", text.Facts{"Command": first}), 0),
		out.wrap(out.say("ui.outline.dry", text.Facts{"Command": first + " --dry-run"}), 0))
	return err
}

// checkNamespace refuses a -n that cannot name a namespace (a DNS-1123
// label), before anything asks the cluster about it.
func checkNamespace(ns string) error {
	if ns == "" || len(validation.IsDNS1123Label(ns)) == 0 {
		return nil
	}
	return words.Err("err.cli.namespace", text.Facts{"Namespace": ns})
}
