package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// options is what every command's Options has, kubectl style: Complete
// fills in what the flags and arguments leave out, Validate checks without
// touching anything, Run does the work.
type options interface {
	Complete(args []string) error
	Validate() error
	Run(ctx context.Context) error
}

// runE is every command's RunE: Complete, Validate, then Run.
func runE(o options) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := o.Complete(args); err != nil {
			return err
		}
		if err := o.Validate(); err != nil {
			return err
		}
		return o.Run(cmd.Context())
	}
}

// noComplete is embedded by Options with nothing to fill in.
type noComplete struct{}

func (noComplete) Complete([]string) error { return nil }

// noValidate is embedded by Options with nothing to check.
type noValidate struct{}

func (noValidate) Validate() error { return nil }
