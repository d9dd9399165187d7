package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// LessonOptions are the flags every lesson command takes.
type LessonOptions struct {
	inv    *invocation
	Lesson *lessons.Lesson

	DryRun  bool
	Step    bool
	Keep    bool
	Timeout time.Duration
	Record  string // also write the JSON records to this file
	// NoReplay skips the offer of a recorded run where the nodes are out of reach.
	NoReplay bool
	Images   map[string]*string // the --image-ROLE flags as given
	Values   map[string]*string // the lesson's own flags as given

	values    lessons.Values    // Values checked and with defaults (Complete)
	images    map[string]string // the image of each role, from Images and the environment
	namespace string
	classNS   string // the namespace of a student's class kubeconfig, or ""
}

// newLessonOptions are a lesson's defaults.
func newLessonOptions(inv *invocation, l *lessons.Lesson) *LessonOptions {
	return &LessonOptions{inv: inv, Lesson: l, Timeout: lessons.DefaultTimeout, Images: map[string]*string{}, Values: map[string]*string{}}
}

// newCmdLesson is the command of o's lesson, its flags bound to o.
func newCmdLesson(o *LessonOptions) *cobra.Command {
	inv, l := o.inv, o.Lesson
	cmd := &cobra.Command{
		Use:     l.Name,
		Short:   l.Title("en"),
		Long:    l.Title("en") + "\n" + l.Title("ko") + "\n\n" + intro(l, "en", inv.Name),
		GroupID: "lessons",
		Args:    noArgs,
		Example: inv.examples(fmt.Sprintf("  {{kpod}} %[1]s\n  {{kpod}} %[1]s --dry-run\n  {{kpod}} %[1]s --step --lang ko\n  {{kpod}} %[1]s -o json --keep", l.Name)),
		RunE:    runE(o),
	}
	statesNamespaces(cmd)
	annotate(cmd, lessonKey, l.Name)
	fs := cmd.Flags()
	addFlag(fs, &o.DryRun, "dry-run", "", "flag.dry-run")
	addFlag(fs, &o.Step, "step", "", "flag.step")
	addFlag(fs, &o.Keep, "keep", "", "flag.keep")
	if l.Node {
		addFlag(fs, &o.NoReplay, "no-replay", "", "flag.no-replay")
	}
	addFlag(fs, &o.Timeout, "timeout", "", "flag.timeout")
	addFlag(fs, &o.Record, "record", "", "flag.record")
	imageFlags(cmd, o.Images)
	for _, opt := range l.Options { // the lesson's own flags, their usage from its texts
		en, ko := text.Scene{Lang: "en"}.Say(l.Text, opt.Usage, nil), text.Scene{Lang: "ko"}.Say(l.Text, opt.Usage, nil)
		if len(opt.Choices) > 0 {
			choices := " (" + strings.Join(opt.Choices, "|") + ")"
			en, ko = en+choices, ko+choices
		}
		value := opt.Default
		o.Values[opt.Name] = &value
		addFlagUsage(fs, &value, opt.Name, "", en, ko)
		if len(opt.Choices) > 0 {
			_ = cmd.RegisterFlagCompletionFunc(opt.Name, fixed(opt.Choices...))
		}
	}
	return cmd
}

// intro is a lesson's introduction for its help in lang, with kpod named
// program, the way the student runs it.
func intro(l *lessons.Lesson, lang, program string) string {
	return text.Scene{Program: program, Lang: lang}.Say(l.Text, "intro", nil)
}

// Complete reads the image of each role, where the run goes, and the
// lesson's own flags, as the lesson chooses its values (Lesson.Choose).
func (o *LessonOptions) Complete(_ []string) error {
	o.namespace = o.inv.workNamespace(lessonNamespace)
	o.classNS = classNamespace(o.inv.Flags, o.inv.Getenv)
	var err error
	if o.images, err = chooseImages(o.Images, o.inv.Getenv); err != nil {
		return err
	}
	given := lessons.Values{}
	for k, v := range o.Values {
		given[k] = *v
	}
	o.values, err = o.Lesson.Choose(given)
	return err
}

// Validate checks the flags before anything is made (even the --record
// file). It changes nothing.
func (o *LessonOptions) Validate() error {
	if o.Timeout <= 0 {
		return words.Err("err.cli.positive", text.Facts{"Flag": "--timeout", "Got": o.Timeout})
	}
	return nil
}

// Run runs the lesson (or shows its plan with --dry-run). Where the lesson
// is refused the nodes (a student's kubeconfig, or the cluster) and kpod
// may offer the recording of a real run, its error is an offerError.
func (o *LessonOptions) Run(ctx context.Context) error {
	err := o.run(ctx)
	var refused *lessons.NodeRefused
	if errors.As(err, &refused) && o.canOffer() {
		return &offerError{error: err, lesson: o.Lesson.Name}
	}
	return err
}

// run runs the lesson, having refused a node lesson to a student before
// anything is made: a student's kubeconfig has no node access.
func (o *LessonOptions) run(ctx context.Context) (err error) {
	if o.Lesson.Node && !o.DryRun && o.classNS != "" {
		return &lessons.NodeRefused{Err: words.Err("err.cli.class.node", text.Facts{"Lesson": o.Lesson.Name})}
	}
	inv := o.inv
	var file *os.File          // --record
	var written *checkedWriter // the writes to file, checked when the run is over
	if o.Record != "" {
		if file, err = os.Create(o.Record); err != nil {
			return words.Err("err.cli.flagerr", text.Facts{"Flag": "--record"}).Because(err)
		}
		written = &checkedWriter{w: file}
		defer func() {
			// The run's own error first: a recording cut short has one of its own.
			if cerr := closeRecord(file, written); err == nil {
				err = cerr
			}
		}()
	}
	env, err := inv.runEnv(ctx, o.namespace, o.images, o.DryRun)
	if err != nil {
		return err
	}
	var requests *kube.Requests
	if env.Clients != nil {
		requests = env.Clients.Requests
	}
	var rec *report.JSON // the --record file's
	c := lessons.Config{Values: o.values, DryRun: o.DryRun, Keep: o.Keep, Step: o.Step, Timeout: o.Timeout}
	s := lessons.NewSession(env, o.Lesson, c, func(since func() time.Duration) report.Reporter {
		r := inv.reporter(since, requests)
		if file == nil {
			return r
		}
		rec = newJSON(written, inv.lang(), since, requests)
		return report.Tee(r, rec)
	})
	inv.running.Store(s)
	err = s.Run(ctx)
	if err != nil && rec != nil && ctx.Err() == nil {
		rec.ErrorOf(err, inv.tell(err))
	}
	if err == nil && !o.DryRun {
		o.done(ctx, s)
	}
	return err
}

// closeRecord closes the --record file and fails when any of its writes,
// or closing it, did: a recording cut short (a full disk) is no recording.
func closeRecord(file *os.File, written *checkedWriter) error {
	err := file.Close()
	if written.err != nil {
		err = written.err
	}
	if err != nil {
		return words.Err("err.cli.record", nil).Because(err)
	}
	return nil
}
