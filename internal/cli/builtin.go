package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/ui"
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
		if target == nil || len(rest) > 0 {
			path := root.CommandPath()
			if target != nil {
				path = target.CommandPath()
			}
			return fmt.Errorf("unknown command %q for %q", rest[0], path) // cobra's own words, told in the session's language
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
	completion.Args = cobra.NoArgs // "unknown command "nosh" for "kpod completion""
	completion.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// oneArg takes exactly one argument; none is the message key that says
// which is missing, in the session's language.
func oneArg(f *Factory, none string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return ui.Err(none, ui.F{"Program": f.Name})
		}
		return cobra.ExactArgs(1)(c, args)
	}
}
