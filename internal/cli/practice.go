package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/practice"
	progressfile "github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// practiceSets are the lessons' practice tasks, in course order.
var practiceSets = all.Practice

// PracticeOptions are the flags of `kpod practice`.
type PracticeOptions struct {
	DryRun  bool
	Check   bool
	Hint    bool
	Reset   bool
	Yes     bool
	Timeout time.Duration
	Images  map[string]*string
}

func (a *App) practiceCmd() *cobra.Command {
	o := &PracticeOptions{Images: map[string]*string{}}
	cmd := &cobra.Command{
		Use:   "practice [LESSON [TASK]]",
		Short: "Practise a lesson: do its tasks with kubectl while kpod watches and checks",
		Long: "Shows a lesson's practice tasks one at a time. Do them with plain kubectl in another\n" +
			"terminal, in the practice namespace (default " + practice.DefaultNamespace + "); kpod narrates your Pods\n" +
			"and checks each task on every change it sees. Ctrl-C stops and leaves your objects alone.\n" +
			"With no LESSON, the first lesson with a task you have not solved.",
		Example: a.examples("  {{.}} practice run\n  {{.}} practice probe http\n  {{.}} practice run --dry-run\n" +
			"  {{.}} practice run --check        # exit 0 when every task holds\n  {{.}} practice run web --hint\n  {{.}} practice --reset"),
		Args: cobra.MaximumNArgs(2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return practiceLessons(), cobra.ShellCompDirectiveNoFileComp
			case 1:
				if set, ok := findSet(args[0]); ok {
					return set.Keys(), cobra.ShellCompDirectiveNoFileComp
				}
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runPractice(cmd.Context(), args, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "show the tasks without contacting any cluster")
	f.BoolVar(&o.Check, "check", false, "check every task once: exit 0 when all hold, 1 otherwise")
	f.BoolVar(&o.Hint, "hint", false, "show the next, more direct hint for the task (the last one is the solution)")
	f.BoolVar(&o.Reset, "reset", false, "delete what is in the practice namespace, after listing it and asking")
	f.BoolVar(&o.Yes, "yes", false, "with --reset: do not ask")
	f.DurationVar(&o.Timeout, "timeout", 0, "stop after this long if a task still does not hold (default: never)")
	for _, r := range lessons.Roles {
		o.Images[r.Name] = f.String("image-"+r.Name, "", fmt.Sprintf("%s (default %s; env %s)", r.Usage, r.Default, r.EnvName()))
	}
	return cmd
}

func practiceLessons() []string {
	var out []string
	for _, s := range practiceSets {
		out = append(out, s.Lesson.Name)
	}
	return out
}

func findSet(name string) (practice.Set, bool) {
	for _, s := range practiceSets {
		if s.Lesson.Name == name {
			return s, true
		}
	}
	return practice.Set{}, false
}

// savingProgress saves the progress file after every change.
type savingProgress struct {
	*progressfile.Progress
	warn func(error)
	// class, when set, records the change in the student's namespace too
	class func(change func(*progressfile.Progress)) error
}

func (p savingProgress) Solved(lesson, task string, at time.Time) {
	p.Progress.Solved(lesson, task, at)
	p.save()
	if p.class != nil {
		if err := p.class(func(q *progressfile.Progress) { q.Solved(lesson, task, at) }); err != nil {
			p.warn(err)
		}
	}
}

func (p savingProgress) Hinted(lesson, task string, n int) {
	p.Progress.Hinted(lesson, task, n)
	p.save()
}

func (p savingProgress) save() {
	if err := p.Save(); err != nil {
		p.warn(err)
	}
}

func (a *App) loadProgress() (*progressfile.Progress, string, error) {
	path, err := progressfile.Path(a.Getenv)
	if err != nil {
		return nil, "", err
	}
	p, err := progressfile.Load(path)
	return p, path, err
}

// pickPractice finds the lesson and tasks the arguments name: no lesson
// means the first with an unsolved task.
func pickPractice(args []string, prog *progressfile.Progress, lang string) (practice.Set, []practice.Task, error) {
	var set practice.Set
	if len(args) == 0 {
		set = practiceSets[0]
	next:
		for _, s := range practiceSets {
			for _, t := range s.Tasks {
				if _, ok := prog.IsSolved(s.Lesson.Name, t.Key); !ok {
					set = s
					break next
				}
			}
		}
	} else {
		var ok bool
		if set, ok = findSet(args[0]); !ok {
			return set, nil, fmt.Errorf("%s", practice.Messages.Say(lang, "ui.unknown.lesson", text.Facts{"Got": args[0], "Want": strings.Join(practiceLessons(), ", ")}))
		}
	}
	if len(args) < 2 {
		return set, set.Tasks, nil
	}
	t, ok := set.Find(args[1])
	if !ok {
		return set, nil, fmt.Errorf("%s", practice.Messages.Say(lang, "ui.unknown.task", text.Facts{"Lesson": set.Lesson.Name, "Got": args[1], "Want": strings.Join(set.Keys(), ", ")}))
	}
	return set, []practice.Task{t}, nil
}

func (a *App) runPractice(ctx context.Context, args []string, o *PracticeOptions) error {
	n := 0
	for _, b := range []bool{o.DryRun, o.Check, o.Hint, o.Reset} {
		if b {
			n++
		}
	}
	if n > 1 {
		return ui.Err("err.cli.oneatatime", ui.F{"Flags": "--dry-run, --check, --hint, --reset"})
	}
	if o.Yes && !o.Reset {
		return ui.Err("err.cli.yes", nil)
	}
	if o.Timeout < 0 {
		return ui.Err("err.cli.negative", ui.F{"Flag": "--timeout", "Got": o.Timeout})
	}
	prog, _, err := a.loadProgress()
	if err != nil {
		return err
	}
	set, tasks, err := pickPractice(args, prog, a.lang)
	if err != nil {
		return err
	}
	images, err := a.imageChoice(o.Images)
	if err != nil {
		return err
	}
	s := &practice.Session{
		Set: set, Tasks: tasks, Lang: a.lang, Namespace: a.workNamespace(practice.DefaultNamespace),
		Images: images, In: a.Streams.In, Now: a.Now, Timeout: o.Timeout,
	}
	s.Progress = savingProgress{Progress: prog, warn: func(err error) {
		s.Report.Note(lessons.NoteWarn, a.tell(err))
	}}
	if a.output == "json" {
		s.Report = practice.NewJSON(a.Streams.Out, s.Since)
	} else {
		s.Report = practice.NewHuman(a.Streams.Out, a.out().Smart, a.lang)
	}
	if o.DryRun {
		return s.DryRun()
	}
	if o.Hint {
		t := tasks[0]
		for _, c := range tasks {
			if _, ok := prog.IsSolved(set.Lesson.Name, c.Key); !ok {
				t = c
				break
			}
		}
		s.NextHint(t, nil)
		return nil
	}
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	s.Clients = c
	if sp, ok := s.Progress.(savingProgress); ok {
		sp.class = func(change func(*progressfile.Progress)) error {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			return a.classRecord(rctx, c, s.Namespace, change)
		}
		s.Progress = sp
	}
	switch {
	case o.Reset:
		return s.Reset(ctx, a.Streams.Out, func() bool {
			if o.Yes {
				return true
			}
			fmt.Fprint(a.Streams.Out, practice.Messages.Say(a.lang, "ui.reset.ask", nil)+" ")
			line, _ := bufio.NewReader(a.Streams.In).ReadString('\n')
			answer := strings.ToLower(strings.TrimSpace(line))
			return answer == "y" || answer == "yes" || answer == "예" || answer == "네"
		})
	case o.Check:
		return s.Check(ctx)
	}
	return s.Run(ctx)
}
