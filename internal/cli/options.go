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

// failer is implemented by Options that say more when they fail: failed
// is handed the command's error and returns the one to print (a lesson
// refused the nodes attaches the offer of its recording).
type failer interface {
	failed(err error) error
}

// runE is every command's RunE: Complete, Validate, then Run; an error
// goes through the Options' failed, where it has one.
func runE(o options) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := o.Complete(args)
		if err == nil {
			err = o.Validate()
		}
		if err == nil {
			err = o.Run(cmd.Context())
		}
		if f, ok := o.(failer); ok && err != nil {
			return f.failed(err)
		}
		return err
	}
}

// noComplete is embedded by Options with nothing to fill in.
type noComplete struct{}

func (noComplete) Complete([]string) error { return nil }

// noValidate is embedded by Options with nothing to check.
type noValidate struct{}

func (noValidate) Validate() error { return nil }
