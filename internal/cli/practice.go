package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// PracticeOptions are the flags of `kpod practice`.
type PracticeOptions struct {
	inv *invocation

	DryRun  bool
	Check   bool
	Hint    bool
	Reset   bool
	Yes     bool
	Timeout time.Duration
	File    string // -f: a file of tasks instead of a lesson's
	Images  map[string]*string
	Args    []string // LESSON and TASK (with -f: TASK)

	prog   *progress.Progress
	sets   []practice.Set // the lessons' tasks, or with -f the file's
	names  []string       // LESSON and TASK among sets (with -f: the file's name, then TASK)
	set    practice.Set
	tasks  []practice.Task
	images map[string]string
}

// newPracticeOptions are kpod practice's defaults.
func newPracticeOptions(inv *invocation) *PracticeOptions {
	return &PracticeOptions{inv: inv, Images: map[string]*string{}}
}

func newCmdPractice(inv *invocation) *cobra.Command {
	o := newPracticeOptions(inv)
	cmd := &cobra.Command{
		Use:  "practice [LESSON [TASK]]",
		Args: o.args,
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return practiceLessons(inv.practice()), cobra.ShellCompDirectiveNoFileComp
			case 1:
				if set, ok := findSet(inv.practice(), args[0]); ok {
					return set.Keys(), cobra.ShellCompDirectiveNoFileComp
				}
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: runE(o),
	}
	fs := cmd.Flags()
	addFlag(fs, &o.DryRun, "dry-run", "", "practice.dry-run")
	addFlag(fs, &o.Check, "check", "", "flag.check")
	addFlag(fs, &o.Hint, "hint", "", "flag.hint")
	addFlag(fs, &o.Reset, "reset", "", "flag.reset")
	addFlag(fs, &o.Yes, "yes", "", "flag.yes")
	addFlag(fs, &o.Timeout, "timeout", "", "practice.timeout")
	addFlag(fs, &o.File, "filename", "f", "practice.filename")
	imageFlags(cmd, o.Images)
	statesNamespaces(cmd)
	describe(cmd, "practice", inv.Name)
	cmd.AddCommand(newCmdPracticeLint(inv))
	return cmd
}

func practiceLessons(sets []practice.Set) []string {
	var out []string
	for _, s := range sets {
		out = append(out, s.Lesson.Name)
	}
	return out
}

// args refuses more arguments than LESSON and TASK, or with -f than TASK.
func (o *PracticeOptions) args(cmd *cobra.Command, args []string) error {
	if o.File != "" && len(args) > 1 {
		return words.Err("err.cli.practice.args", text.Facts{"Got": strings.Join(args, " ")})
	}
	return maxArgs(2)(cmd, args)
}

// Complete reads the progress file and the file of tasks, picks the
// lesson and the tasks the arguments name, and chooses the images.
func (o *PracticeOptions) Complete(args []string) error {
	o.Args = args
	var err error
	if o.prog, _, err = loadProgress(o.inv.Getenv); err != nil {
		if !o.DryRun {
			return err // one line: which file, and how to start afresh
		}
		o.prog, _ = progress.Parse(nil) // a dry run shows the tasks; it needs no record
	}
	o.sets, o.names = o.inv.practice(), args
	if o.File != "" {
		set, err := readTasks(o.File)
		if err != nil {
			return err
		}
		o.sets, o.names = []practice.Set{set}, append([]string{set.Lesson.Name}, args...)
	}
	o.set, o.tasks = pickPractice(o.sets, o.names, o.prog)
	o.images, err = chooseImages(o.Images, o.inv.Getenv)
	return err
}

// Validate checks the flags, which go together only so far, and refuses
// a lesson or task the arguments name that is not there.
func (o *PracticeOptions) Validate() error {
	n := 0
	for _, b := range []bool{o.DryRun, o.Check, o.Hint, o.Reset} {
		if b {
			n++
		}
	}
	if n > 1 {
		return words.Err("err.cli.oneatatime", text.Facts{"Flags": "--dry-run, --check, --hint, --reset"})
	}
	if o.Yes && !o.Reset {
		return words.Err("err.cli.yes", nil)
	}
	if o.Timeout < 0 {
		return words.Err("err.cli.negative", text.Facts{"Flag": "--timeout", "Got": o.Timeout})
	}
	if len(o.names) > 0 && o.set.Lesson == nil {
		return words.Err("err.cli.practice.lesson", text.Facts{"Got": o.names[0], "Want": strings.Join(practiceLessons(o.sets), ", ")})
	}
	if len(o.names) > 1 && len(o.tasks) == 0 {
		return words.Err("err.cli.practice.task", text.Facts{"Lesson": o.set.Lesson.Name, "Got": o.names[1], "Want": strings.Join(o.set.Keys(), ", ")})
	}
	return nil
}

// pickPractice finds the lesson and tasks the arguments name: no lesson
// means the first with an unsolved task. A lesson or task not there is
// left empty, for Validate to refuse.
func pickPractice(sets []practice.Set, args []string, prog *progress.Progress) (practice.Set, []practice.Task) {
	var set practice.Set
	if len(args) == 0 {
		set = sets[0]
	next:
		for _, s := range sets {
			for _, t := range s.Tasks {
				if _, ok := prog.IsSolved(s.Lesson.Name, t.Key); !ok {
					set = s
					break next
				}
			}
		}
	} else {
		found := false
		for _, s := range sets {
			if s.Lesson.Name == args[0] {
				set, found = s, true
				break
			}
		}
		if !found {
			return practice.Set{}, nil
		}
	}
	if len(args) < 2 {
		return set, set.Tasks
	}
	if t, ok := set.Find(args[1]); ok {
		return set, []practice.Task{t}
	}
	return set, nil
}

// Run shows the tasks, a hint, checks them, or resets the namespace.
func (o *PracticeOptions) Run(ctx context.Context) error {
	inv := o.inv
	env, err := inv.runEnv(ctx, inv.workNamespace(practice.DefaultNamespace), o.images, o.DryRun || o.Hint) // a hint needs no cluster
	if err != nil {
		return err
	}
	s := &practice.Coach{Env: env, Set: o.set, Tasks: o.tasks, Timeout: o.Timeout}
	if inv.json() {
		s.Report = practice.NewJSON(inv.Streams.Out, s.Since)
	} else {
		// Through stdout's printer: --width, --theme and --no-color hold.
		s.Report = &practice.Human{Human: report.NewHumanTo(inv.outPrinter()), Scene: inv.scene()}
	}
	if o.DryRun {
		return s.DryRun()
	}
	warn := func(err error) { s.Report.Note(ui.Warn, report.Plain(inv.tell(err))) }
	s.Progress = newRecorder(o.prog, inv.Flags, inv.Getenv, s.Env.Clients, s.Env.Namespace, inv.Clock, warn)
	if o.Hint {
		t := o.tasks[0]
		for _, c := range o.tasks {
			if _, ok := o.prog.IsSolved(o.set.Lesson.Name, c.Key); !ok {
				t = c
				break
			}
		}
		s.NextHint(t, nil)
		return nil
	}
	switch {
	case o.Reset:
		return s.Reset(ctx, inv.Streams.Out, func() bool {
			if o.Yes {
				return true
			}
			fmt.Fprint(inv.Streams.Out, inv.say("ui.reset.ask", nil)+" ")
			line, _ := inv.in.Line(ctx)
			return yes(line, false)
		})
	case o.Check:
		return s.Check(ctx)
	}
	return s.Run(ctx)
}
