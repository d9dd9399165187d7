package cli

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/text"
)

// strictHelp makes cobra's help command refuse a topic that is no
// command, as `kpod nosuch` does, instead of printing the usage and
// exiting 0.
func strictHelp(help *cobra.Command) {
	help.Run = nil
	help.RunE = func(c *cobra.Command, args []string) error {
		root := c.Root()
		target, rest, err := root.Find(args)
		if err != nil {
			return err
		}
		if target == root {
			if err := rootArgs(root, rest); err != nil {
				return err
			}
		} else if len(rest) > 0 {
			return words.Err("err.cli.unknowncommand", text.Facts{"Got": rest[0], "Command": target.CommandPath()})
		}
		target.InitDefaultHelpFlag()
		target.InitDefaultVersionFlag()
		return target.Help()
	}
}

// strictCompletion makes `completion SHELL` refuse a shell it does not
// know, instead of printing the usage and exiting 0; with no shell it
// prints its help.
func strictCompletion(completion *cobra.Command) {
	completion.Args = noArgs // "unknown command "nosh" for "kpod completion""
	completion.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// oneArg takes exactly one argument; none is the message key that says
// which is missing.
func oneArg(none string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return words.Err(none, nil)
		}
		return exactArgs(1)(c, args)
	}
}

// The Args of kpod's commands: cobra's rules, with errors that are
// message keys (cobra's own say them only in English).

// rootArgs are kpod's own: a first argument that names no command is an
// unknown command, with cobra's suggestions of commands it may mean.
func rootArgs(root *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	facts := text.Facts{"Got": args[0], "Command": root.CommandPath()}
	suggestions := root.SuggestionsFor(args[0])
	if len(suggestions) == 0 {
		return words.Err("err.cli.unknowncommand", facts)
	}
	var b strings.Builder
	for _, s := range suggestions {
		b.WriteString("\t" + s + "\n") // as cobra lists them
	}
	facts["Suggestions"] = b.String()
	return words.Err("err.cli.didyoumean", facts)
}

// helpUnknown is the error of kpod's own help asked with an argument that
// names no command (kpod foo --help), as kpod foo says it; else nil.
// cobra shows the help before it checks the arguments, and a help func
// returns no error: execute asks once cobra is done.
func helpUnknown(root *cobra.Command) error {
	if asked, _ := root.Flags().GetBool("help"); !asked {
		return nil
	}
	return rootArgs(root, root.Flags().Args())
}

// noArgs takes no argument: for a command of subcommands one is an
// unknown command, for any other an argument it does not take.
func noArgs(c *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case c.HasSubCommands():
		return words.Err("err.cli.unknowncommand", text.Facts{"Got": args[0], "Command": c.CommandPath()})
	}
	return words.Err("err.cli.noargs", text.Facts{"Got": args[0], "Command": c.CommandPath()})
}

// groupKey marks a command of subcommands only (group).
const groupKey = "kpod.dev/group"

// group makes c a command of subcommands only: alone it prints its help;
// an argument that names none of them is an unknown command and fails
// (cobra would print the help for it and succeed).
func group(c *cobra.Command) {
	c.Args = noArgs
	c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	noOutput(c)
	annotate(c, groupKey, "true")
}

// exactArgs takes n arguments.
func exactArgs(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return words.Err("err.cli.args", text.Facts{"Want": n, "Got": len(args)})
		}
		return nil
	}
}

// maxArgs takes at most n arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > n {
			return words.Err("err.cli.argsmax", text.Facts{"Want": n, "Got": len(args)})
		}
		return nil
	}
}

// closest are the names nearest to got, nearest first, at most three:
// those it starts, and those at most a third of its length (and at least
// two) edits away.
func closest(got string, names []string) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	limit := max(2, len(got)/3)
	for _, n := range names {
		d := editDistance(got, n)
		if strings.HasPrefix(n, got) {
			d = min(d, 1)
		}
		if d <= limit {
			cs = append(cs, cand{n, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// helpFlags defines --help on every command before cobra looks for the
// command: cobra does it later, and until then takes --help for a flag
// with a value, so that `kpod --help --lang ko` made "ko" a command.
func helpFlags(c *cobra.Command) {
	c.InitDefaultHelpFlag()
	cobraFlag(c.Flags(), "help", "flag.help", with(helpFacts, "Command", c.DisplayName()))
	for _, sub := range c.Commands() {
		helpFlags(sub)
	}
}
