package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/pkg/lessons"
)

// LessonOptions are the flags every lesson command takes.
type LessonOptions struct {
	DryRun  bool
	Step    bool
	Keep    bool
	Timeout time.Duration
	Images  map[string]*string
	Values  map[string]*string
}

func (a *App) lessonCmd(l *lessons.Lesson) *cobra.Command {
	o := &LessonOptions{Images: map[string]*string{}, Values: map[string]*string{}}
	cmd := &cobra.Command{
		Use:     l.Name,
		Short:   l.Title("en"),
		Long:    l.Title("en") + "\n" + l.Title("ko") + "\n\n" + l.Text.Get("en", "intro").Body,
		GroupID: "lessons",
		Args:    cobra.NoArgs,
		Example: a.examples(fmt.Sprintf("  {{.}} %[1]s\n  {{.}} %[1]s --dry-run\n  {{.}} %[1]s --step --lang ko\n  {{.}} %[1]s -o json --keep", l.Name)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runLesson(cmd, l, o)
		},
	}
	say(cmd, l.Title("ko"), l.Title("ko")+"\n"+l.Title("en")+"\n\n"+l.Text.Get("ko", "intro").Body)
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "print the plan and the manifests without contacting any cluster")
	f.BoolVar(&o.Step, "step", false, "wait for Enter before each step (for teaching)")
	f.BoolVar(&o.Keep, "keep", false, "leave what the lesson made, to explore it afterwards")
	f.DurationVar(&o.Timeout, "timeout", 2*time.Minute, "how long to wait for each step")
	for _, r := range lessons.Roles {
		o.Images[r.Name] = f.String("image-"+r.Name, "", fmt.Sprintf("%s (default %s; env %s)", r.Usage, r.Default, r.EnvName()))
	}
	for _, opt := range l.Options {
		usage := l.Text.Get("en", opt.Usage).Body
		if len(opt.Choices) > 0 {
			usage += " (" + strings.Join(opt.Choices, "|") + ")"
		}
		o.Values[opt.Name] = f.String(opt.Name, opt.Default, usage)
		ko := l.Text.Get("ko", opt.Usage).Body
		if len(opt.Choices) > 0 {
			ko += " (" + strings.Join(opt.Choices, "|") + ")"
		}
		sayFlag(f, opt.Name, ko)
		if len(opt.Choices) > 0 {
			choices := opt.Choices
			_ = cmd.RegisterFlagCompletionFunc(opt.Name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return choices, cobra.ShellCompDirectiveNoFileComp
			})
		}
	}
	return cmd
}

func (a *App) runLesson(cmd *cobra.Command, l *lessons.Lesson, o *LessonOptions) error {
	values := lessons.Values{}
	for k, v := range o.Values {
		values[k] = *v
	}
	if err := l.Validate(values); err != nil {
		return err
	}
	if o.Timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, got %s", o.Timeout)
	}
	images, err := a.imageChoice(o.Images)
	if err != nil {
		return err
	}
	s := &lessons.Session{
		Lesson:    l,
		Lang:      a.lang,
		Namespace: a.namespace("kpod"),
		Values:    values,
		Images:    images,
		DryRun:    o.DryRun,
		Keep:      o.Keep,
		StepMode:  o.Step,
		Timeout:   o.Timeout,
		In:        a.Streams.In,
		Now:       a.Now,
	}
	s.Report = a.reporter(s.Since)
	if !o.DryRun {
		c, err := a.Connect(cmd.Context(), a.flags)
		if err != nil {
			return err
		}
		s.Clients = c
		if j, ok := s.Report.(*lessons.JSON); ok {
			j.Requests = c.Requests
		}
	}
	if err := s.Run(cmd.Context()); err != nil || o.DryRun {
		return err
	}
	a.lessonDone(s)
	return nil
}

func (a *App) reporter(since func() time.Duration) lessons.Reporter {
	if a.output == "json" {
		return lessons.NewJSON(a.Streams.Out, since)
	}
	return lessons.NewHumanTo(a.out())
}
