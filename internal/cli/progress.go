package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/class"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/progress"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// ProgressOptions are kpod progress's: none but the output.
type ProgressOptions struct {
	noComplete
	noValidate

	inv *invocation
}

// newProgressOptions are kpod progress's defaults.
func newProgressOptions(inv *invocation) *ProgressOptions { return &ProgressOptions{inv: inv} }

func newCmdProgress(inv *invocation) *cobra.Command {
	o := newProgressOptions(inv)
	cmd := &cobra.Command{
		Use:  "progress",
		Args: noArgs,
		RunE: runE(o),
	}
	describe(cmd, "progress", inv.Name)
	return cmd
}

// Run prints the course map.
func (o *ProgressOptions) Run(_ context.Context) error {
	inv := o.inv
	prog, path, err := loadProgress(inv.Getenv)
	if err != nil {
		return err
	}
	w := inv.Streams.Out
	lang := inv.lang()
	if inv.json() {
		enc := json.NewEncoder(w)
		for _, l := range inv.Lessons {
			rec := record(schemaProgress, "progress", map[string]any{"lesson": l.Name, "title": l.Title(lang), "ran": false})
			if at, ok := prog.LastRun(l.Name); ok {
				rec["ran"], rec["lastRun"] = true, at.Format(time.RFC3339)
			}
			if set, ok := findSet(inv.practice(), l.Name); ok {
				var tasks []map[string]any
				for _, t := range set.Tasks {
					tr := map[string]any{"task": t.Key, "title": set.Text(lang, practice.TextKey(t.Key)).Title, "solved": false}
					if at, ok := prog.IsSolved(l.Name, t.Key); ok {
						tr["solved"], tr["at"] = true, at.Format(time.RFC3339)
					}
					tasks = append(tasks, tr)
				}
				rec["tasks"] = tasks
			}
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		return nil
	}
	t := inv.outPrinter().Theme
	fmt.Fprintf(w, "%s\n%s\n\n", t.Title(inv.wrap("kpod · "+inv.say("ui.progress.title", nil), 2)), inv.wrap(inv.say("ui.progress", text.Facts{"Path": path}), 0))
	ran, solved, total := 0, 0, 0
	next := ""
	for i, l := range inv.Lessons {
		mark, when := t.Subtle("·"), inv.say("ui.progress.notrun", nil)
		if at, ok := prog.LastRun(l.Name); ok {
			mark, when = t.Good("✓"), inv.say("ui.progress.ran", text.Facts{"When": at.Local().Format("2006-01-02 15:04")})
			ran++
		} else if next == "" {
			next = inv.Name + " " + l.Name
		}
		fmt.Fprintln(w, inv.row(fmt.Sprintf("  %s %2d  %s  ", mark, i+1, t.Command(fmt.Sprintf("%-10s", l.Name))), l.Title(lang)+"  "+t.Subtle("("+when+")")))
		set, ok := findSet(inv.practice(), l.Name)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "          %s\n", t.Subtle(inv.say("ui.progress.tasks", nil)))
		for _, tk := range set.Tasks {
			total++
			mark := t.Subtle("·")
			if _, ok := prog.IsSolved(l.Name, tk.Key); ok {
				mark = t.Good("✓")
				solved++
			} else if next == "" {
				next = inv.Name + " practice " + l.Name + " " + tk.Key
			}
			fmt.Fprintln(w, inv.row(fmt.Sprintf("          %s %-12s ", mark, tk.Key), set.Text(lang, practice.TextKey(tk.Key)).Title))
		}
	}
	fmt.Fprintf(w, "\n%s\n", inv.wrap(inv.say("ui.progress.total", text.Facts{"Lessons": ran, "LessonsOf": len(inv.Lessons), "Tasks": solved, "TasksOf": total}), 0))
	if next != "" {
		if _, err := fmt.Fprintln(w, inv.wrap(inv.say("ui.progress.next", text.Facts{"Command": next}), 0)); err != nil {
			return err
		}
	}
	return nil
}

// loadProgress reads the progress file where getenv says it is, and
// names its path.
func loadProgress(getenv func(string) string) (*progress.Progress, string, error) {
	path, err := progress.Path(getenv)
	if err != nil {
		return nil, "", err
	}
	p, err := progress.Load(path)
	return p, path, err
}

// recorder keeps the student's progress: the file on this machine, saved
// after every change, and for a class student the record in their
// namespace. What it cannot keep it tells warn; the run goes on.
type recorder struct {
	file  *progress.Progress   // nil: the file could not be read, and is left alone
	class kubernetes.Interface // nil: not a class student, or no cluster
	ns    string
	clock clock.PassiveClock // the time of a class record
	warn  func(error)
}

// newRecorder keeps progress in file and, when flags name a class
// kubeconfig (read from getenv) and c a cluster, in the student's
// namespace ns.
func newRecorder(file *progress.Progress, flags *genericclioptions.ConfigFlags, getenv func(string) string, c *kube.Clients, ns string, clk clock.PassiveClock, warn func(error)) *recorder {
	r := &recorder{file: file, ns: ns, clock: clk, warn: warn}
	if c != nil && classNamespace(flags, getenv) != "" {
		r.class = c.Client
	}
	return r
}

// Ran records a finished run of a lesson.
func (r *recorder) Ran(ctx context.Context, lesson string, at time.Time) {
	r.record(ctx, func(p *progress.Progress) { p.Ran(lesson, at) }, true)
}

// Solved records a task solved.
func (r *recorder) Solved(ctx context.Context, lesson, task string, at time.Time) {
	r.record(ctx, func(p *progress.Progress) { p.Solved(lesson, task, at) }, true)
}

// Hints is how many hints of a task the student has seen.
func (r *recorder) Hints(lesson, task string) int {
	if r.file == nil {
		return 0
	}
	return r.file.Hints(lesson, task)
}

// Hinted records the hints seen, on this machine only.
func (r *recorder) Hinted(lesson, task string, n int) {
	r.record(context.Background(), func(p *progress.Progress) { p.Hinted(lesson, task, n) }, false) // this machine only
}

// record makes change to the file and, inClass, to the class record,
// within 10 s and while ctx lasts (Ctrl-C stops it without a warning).
func (r *recorder) record(ctx context.Context, change func(*progress.Progress), inClass bool) {
	if r.file != nil {
		change(r.file)
		if err := r.file.Save(); err != nil {
			r.warn(err)
		}
	}
	if !inClass || r.class == nil {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := class.Record(cctx, r.class, r.ns, r.clock.Now(), change); err != nil && ctx.Err() == nil {
		r.warn(err)
	}
}

// done records a finished lesson run and points the student to its
// practice.
func (o *LessonOptions) done(ctx context.Context, s *lessons.Session) {
	inv := o.inv
	warn := func(err error) {
		s.Report.Note(ui.Warn, lessons.SayEach(s.Env.Lang, func(lang string) string { return text.Scene{Lang: lang, Program: inv.Name}.Tell(err) }))
	}
	file, _, err := loadProgress(inv.Getenv)
	if err != nil {
		warn(err)
	}
	newRecorder(file, inv.Flags, inv.Getenv, s.Env.Clients, s.Env.Namespace, inv.Clock, warn).Ran(ctx, s.Lesson.Name, inv.Clock.Now())
	if _, ok := findSet(inv.practice(), s.Lesson.Name); ok && !inv.json() {
		recap := func(lang string) string {
			return text.Scene{Lang: lang, Program: inv.Name}.Say(words, "ui.recap", text.Facts{"Lesson": s.Lesson.Name})
		}
		s.Report.Note(ui.Info, lessons.SayEach(s.Env.Lang, recap))
	}
}
