package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// LessonOptions are the flags every lesson command takes.
type LessonOptions struct {
	DryRun  bool
	Step    bool
	Keep    bool
	Timeout time.Duration
	Record  string // also write the JSON records to this file
	Images  map[string]*string
	Values  map[string]*string
}

func (a *App) lessonCmd(l *lessons.Lesson) *cobra.Command {
	o := &LessonOptions{Images: map[string]*string{}, Values: map[string]*string{}}
	cmd := &cobra.Command{
		Use:     l.Name,
		Short:   l.Title("en"),
		Long:    l.Title("en") + "\n" + l.Title("ko") + "\n\n" + a.intro(l, "en"),
		GroupID: "lessons",
		Args:    cobra.NoArgs,
		Example: a.examples(fmt.Sprintf("  {{.}} %[1]s\n  {{.}} %[1]s --dry-run\n  {{.}} %[1]s --step --lang ko\n  {{.}} %[1]s -o json --keep", l.Name)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runLesson(cmd, l, o)
		},
	}
	say(cmd, l.Title("ko"), l.Title("ko")+"\n"+l.Title("en")+"\n\n"+a.intro(l, "ko"))
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "print the plan and the manifests without contacting any cluster")
	f.BoolVar(&o.Step, "step", false, "wait for Enter before each step (for teaching)")
	f.BoolVar(&o.Keep, "keep", false, "leave what the lesson made, to explore it afterwards")
	f.DurationVar(&o.Timeout, "timeout", 2*time.Minute, "how long to wait for each step")
	f.StringVar(&o.Record, "record", "", "also write the run's -o json records to FILE, for kpod replay")
	sayFlag(f, "record", "실행의 -o json 기록을 파일에도 씀(kpod replay용)")
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

// intro is a lesson's introduction for its help, with kpod named the way
// the student runs it.
func (a *App) intro(l *lessons.Lesson, lang string) string {
	return strings.ReplaceAll(l.Text.Get(lang, "intro").Body, "{{kpod}}", a.Name)
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
		return ui.Err("err.cli.positive", ui.F{"Flag": "--timeout", "Got": o.Timeout})
	}
	images, err := a.imageChoice(o.Images)
	if err != nil {
		return err
	}
	var rec *lessons.JSON // --record
	s := &lessons.Session{
		Lesson:    l,
		Lang:      a.lang,
		Namespace: a.workNamespace("kpod"),
		Program:   a.Name,
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
	if o.Record != "" {
		f, err := os.Create(o.Record)
		if err != nil {
			return ui.Err("err.cli.flagerr", ui.F{"Flag": "--record"}).Because(err)
		}
		defer f.Close()
		j := lessons.NewJSON(f, s.Since)
		j.Lang = a.lang
		rec = j
		s.Report = lessons.Tee(s.Report, j)
	}
	if l.Node && !o.DryRun && a.classNamespace() != "" {
		// A student's kubeconfig has no node access: say so before making anything.
		return errors.New(lessons.Messages.Say(a.lang, "ui.class.node", text.Facts{"Message": l.Name}))
	}
	if !o.DryRun {
		c, err := a.Connect(cmd.Context(), a.flags)
		if err != nil {
			return err
		}
		s.Clients = c
		if j, ok := s.Report.(*lessons.JSON); ok {
			j.Requests = c.Requests
		}
		if rec != nil {
			rec.Requests = c.Requests
		}
	}
	a.running.Store(s)
	if err := s.Run(cmd.Context()); err != nil || o.DryRun {
		if err != nil && rec != nil && !errors.Is(err, lessons.ErrInterrupted) {
			rec.Error(a.brand(a.tell(err)))
		}
		return err
	}
	a.lessonDone(s)
	return nil
}

func (a *App) reporter(since func() time.Duration) lessons.Reporter {
	if a.output == "json" {
		j := lessons.NewJSON(a.Streams.Out, since)
		j.Lang = a.lang
		return j
	}
	return lessons.NewHumanTo(a.out())
}
