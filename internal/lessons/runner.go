package lessons

import (
	"context"
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
	"github.com/kpod-dev/kpod/internal/ui"
)

// runner carries out one Run of a Session: the steps in order, the pauses
// of step mode (reading In), the cleanup and the closing line.
type runner struct {
	s       *Session
	steps   []Step
	created bool // the run made the namespace
}

// Run runs the lesson: every step in order, then the cleanup. In a dry
// run it only shows the steps.
func (s *Session) Run(ctx context.Context) error {
	steps, err := s.Lesson.StepsFor(s.Config.Values)
	if err != nil {
		return err
	}
	r := &runner{s: s, steps: steps}
	if s.Config.DryRun {
		s.Report.Lesson(s.Lesson.Name, s.Lesson.Title(s.Env.Lang), r.intro())
		return r.plan()
	}
	if err := r.prepare(ctx); err != nil {
		return err
	}
	s.guard = newGuard(s.Env.Clients.Client, s.Env.Namespace, s.Lesson.Name, s.Env.Clock)
	if err := s.guard.acquire(ctx); err != nil {
		return err
	}
	defer func() { s.guard.release(ctx, s.undo.keep()) }()
	if err := r.check(ctx); err != nil {
		return err // nothing made yet
	}
	tctx, stop := context.WithCancel(ctx)
	defer stop()
	err = r.run(ctx, tctx)
	return r.finish(ctx, err)
}

// prepare does, before taking the run lock, the checks that would stop
// the lesson anyway: the preflight and the namespace.
func (r *runner) prepare(ctx context.Context) error {
	s := r.s
	if err := s.preflight(ctx); err != nil {
		return err
	}
	if s.node.found.NamespaceReady { // the node preflight read it already
		return nil
	}
	created, err := kube.EnsureNamespace(ctx, s.Env.Clients.Client, s.Env.Namespace, kube.WorkspaceLabels())
	if err != nil {
		return words.Err("err.lesson.namespace", text.Facts{"Namespace": s.Env.Namespace}).Because(err)
	}
	r.created = created
	return nil
}

// check runs while holding the run lock. It looks at every object the
// steps will make (one that kpod did not make, or that another live run
// owns, stops the lesson) and, for a node lesson, finds a way to reach
// the nodes.
func (r *runner) check(ctx context.Context) error {
	s := r.s
	refs, err := objects(r.steps)
	if err != nil {
		return err
	}
	if err := s.guard.check(ctx, refs); err != nil {
		return err
	}
	if s.Lesson.Node {
		if err := s.node.find(ctx); err != nil {
			return &NodeRefused{Err: err}
		}
	}
	return nil
}

// run shows the lesson's header and runs its steps, with the timeline
// watching until tctx ends.
func (r *runner) run(ctx, tctx context.Context) error {
	s, l := r.s, r.s.Lesson
	s.Report.Lesson(l.Name, l.Title(s.Env.Lang), r.intro())
	if r.created {
		s.Report.Note(ui.Info, s.line("ui.namespace.created", text.Facts{"Namespace": s.Env.Namespace}))
	}
	for _, n := range s.node.found.Notes { // the way to the nodes, said after the header
		s.Report.Note(ui.Info, n.Line(s.Env.Scene()))
	}
	for _, role := range runenv.Roles {
		if img := s.Env.Images[role.Name]; img != role.Default {
			s.Report.Note(ui.Info, s.line("ui.images.override", text.Facts{"Role": role.Name, "Image": img}))
		}
	}
	s.timeline = timeline.NewWatch(timeline.Config{
		Client: s.Env.Clients.Client, Namespace: s.Env.Namespace, Selector: kube.KpodSelector + "," + kube.LessonLabel + "=" + l.Name,
		Origin: s.start, Since: s.start.Add(-time.Second).Truncate(time.Second), Clock: s.Env.Clock, Lang: s.Env.Lang, Report: s.Report.Event,
		Problem: func(msg string) { s.learned.problem("%s", msg) },
	})
	if err := s.timeline.Start(tctx); err != nil {
		return err
	}
	for i, st := range r.steps {
		if err := r.pause(ctx); err != nil {
			return err
		}
		sec := s.section(st.Key)
		s.Report.Step(i+1, len(r.steps), st.Key, sec.Title, s.lineFrom(st.Key, sec.Body, st.Facts))
		for _, a := range st.Do {
			if _, err := s.Act(ctx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// Act does a as a step would: it shows a's command, runs a, and shows and
// returns what a returns. A lesson's test uses it to drive one action.
func (s *Session) Act(ctx context.Context, a Action) (report.Output, error) {
	if cmd := a.show(s); cmd != "" {
		s.Report.Command(cmd)
	}
	out, err := a.run(ctx, s)
	report.Show(s.Report, out)
	return out, err
}

func (r *runner) plan() error {
	s := r.s
	s.Report.Note(ui.Info, s.line("ui.dryrun", nil))
	if s.Lesson.Node {
		s.Report.Note(ui.Info, s.line("ui.node.dryrun", nil))
	}
	for i, st := range r.steps {
		sec := s.section(st.Key)
		s.Report.Step(i+1, len(r.steps), st.Key, sec.Title, report.Plain(s.fill(sec.Body, st.Facts)))
		for _, a := range st.Do {
			if cmd := a.show(s); cmd != "" {
				s.Report.Command(cmd)
			}
			p, err := a.Plan()
			if err != nil {
				return err
			}
			s.learned.plan(p.Learns)
			if p.File != "" {
				s.Report.Manifest(p.File, string(s.Env.Images.Stamp(localManifest(s.Env.Lang, p.File, p.Manifest))))
			}
		}
	}
	sec := s.section("ui.dryrun.done")
	s.Report.Done(true, 0, report.Plain(sec.Title+". "+sec.Body))
	return r.textErr()
}

// pause waits for Enter in step mode; Ctrl-C still works meanwhile.
func (r *runner) pause(ctx context.Context) error {
	s := r.s
	if !s.Config.Step {
		return nil
	}
	s.Report.Note(ui.Info, report.StepPrompt(s.Env.Lang))
	if _, err := s.Env.In.Line(ctx); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// finish stops the timeline, cleans up (with a fresh context when ctx was
// cancelled) and reports how the lesson ended: err, else a failed cleanup,
// else in a strict run a text problem.
func (r *runner) finish(ctx context.Context, err error) error {
	s := r.s
	s.timeline.Stop() // the lesson is over: cleanup is not part of its story
	interrupted := ctx.Err() != nil && errors.Is(context.Cause(ctx), context.Canceled)
	if interrupted {
		s.Report.Note(ui.Warn, s.line("ui.interrupted", nil))
		err = context.Cause(ctx)
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 90*time.Second)
	defer cancel()
	// Interrupted, kpod waits until what it made is gone, so that a second
	// Ctrl-C can say what is left; at the end of a lesson the Pods stop and
	// go by themselves, and the student need not wait for the kubelet.
	if cerr := r.cleanup(cctx, interrupted); cerr != nil {
		s.undo.failed()
		if err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = r.textErr()
	}
	key := "ui.done"
	if err != nil {
		key = "ui.failed"
	}
	s.Report.Done(err == nil, s.Since(), s.lineFrom(key, s.section(key).Title))
	return err
}

// intro returns the lesson's intro (key "intro").
func (r *runner) intro() report.Line {
	s := r.s
	return s.lineFrom("intro", s.Lesson.Text.Get(s.Env.Lang, "intro").Body, nil)
}

func (r *runner) cleanup(ctx context.Context, wait bool) error {
	s := r.s
	made, fns := s.undo.work()
	var errs []error
	for i := len(fns) - 1; i >= 0; i-- {
		errs = append(errs, fns[i](ctx))
	}
	if len(made) == 0 {
		return errors.Join(errs...)
	}
	if s.Config.Keep {
		var names []string
		for _, m := range made {
			names = append(names, m.String())
		}
		sort.Strings(names)
		s.Report.Note(ui.Info, s.line("ui.cleanup.keep", text.Facts{"Command": s.kubectl("delete " + strings.Join(names, " "))}))
		return errors.Join(errs...)
	}
	s.Report.Note(ui.Info, s.line("ui.cleanup", nil))
	objs := make([]kube.Object, len(made))
	for i, m := range made {
		objs[i] = kube.Object{Kind: m.Kind, Namespace: s.Env.Namespace, Name: m.Name}
	}
	key, sent, results := "ui.cleanup.removed", []bool(nil), []error(nil)
	if wait {
		done := s.Report.Waiting(s.line("ui.cleanup", nil).Text)
		results = kube.DeleteAll(ctx, s.Env.Clients.Client, objs, s.Config.Timeout)
		done()
	} else {
		key = "ui.cleanup.deleted"
		sent, results = kube.RemoveAll(ctx, s.Env.Clients.Client, objs)
	}
	going := false // Pods asked to go and not waited for
	for i, err := range results {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.undo.forget(made[i].Kind, made[i].Name)
		s.Report.Note(ui.Good, s.line(key, text.Facts{"Name": made[i].String()}))
		going = going || !wait && sent[i] && made[i].Kind == "Pod"
	}
	if going {
		s.Report.Note(ui.Info, s.line("ui.cleanup.going", text.Facts{"Namespace": s.Env.Namespace}))
	}
	return errors.Join(errs...)
}

// textErr returns, in a strict run, the run's text problems (keys or facts
// it could not fill in), or nil.
func (r *runner) textErr() error {
	s := r.s
	if !s.Config.Strict {
		return nil
	}
	return s.learned.problemsErr("lesson " + s.Lesson.Name + " (" + s.Env.Lang + ")")
}
