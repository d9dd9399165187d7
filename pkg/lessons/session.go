package lessons

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/template"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/pkg/kube"
)

// Labels kpod puts on everything it makes.
const (
	ManagedBy      = "app.kubernetes.io/managed-by"
	ManagedByValue = "kpod"
	LessonLabel    = "kpod.dev/lesson"
	WorkspaceLabel = "kpod.dev/workspace"
)

// Selector matches every object kpod made.
var Selector = ManagedBy + "=" + ManagedByValue

// ErrInterrupted means the user pressed Ctrl-C; kpod cleaned up and exits 130.
var ErrInterrupted = errors.New("interrupted")

// Session is one run of one lesson.
type Session struct {
	Lesson    *Lesson
	Lang      string
	Namespace string
	Values    Values
	Images    map[string]string
	DryRun    bool
	Keep      bool
	StepMode  bool
	Timeout   time.Duration // for each wait
	Clients   *kube.Clients // nil in a dry run
	Report    Reporter
	In        io.Reader // Enter, in step mode
	Now       func() time.Time
	Timeline  *Timeline

	start    time.Time
	mu       sync.Mutex
	made     []Ref
	cleanups []func(context.Context) error
	lines    <-chan string
	nodes    map[string]*kube.NodeHelper
}

// Ref names an object kpod made.
type Ref struct{ Kind, Name string }

func (r Ref) String() string { return strings.ToLower(r.Kind) + "/" + r.Name }

// Since is the time since the lesson started.
func (s *Session) Since() time.Duration { return s.Now().Sub(s.start) }

// T returns the body of the lesson's text section key, filled with v.
func (s *Session) T(key string, v Vars) string {
	if s.Lesson.Text.Has(key) {
		return Fill(s.Lesson.Text.Get(s.Lang, key).Body, v)
	}
	return Fill(Messages.Get(s.Lang, key).Body, v)
}

// Made records an object for cleanup, before it is created.
func (s *Session) Made(kind, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.made {
		if r.Kind == kind && r.Name == name {
			return
		}
	}
	s.made = append(s.made, Ref{kind, name})
	if kind == "Pod" && s.Timeline != nil {
		s.Timeline.Track(name)
	}
}

// Forget drops an object that is already gone from the cleanup list.
func (s *Session) Forget(kind, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.made {
		if r.Kind == kind && r.Name == name {
			s.made = append(s.made[:i], s.made[i+1:]...)
			return
		}
	}
}

// OnCleanup registers work to undo at the end (run last-in, first-out),
// also after a failure or Ctrl-C, and also with --keep.
func (s *Session) OnCleanup(fn func(context.Context) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cleanups = append(s.cleanups, fn)
}

// Labels returns the labels for an object this lesson makes.
func (s *Session) Labels() map[string]string {
	return map[string]string{ManagedBy: ManagedByValue, LessonLabel: s.Lesson.Name}
}

// Kubectl returns a kubectl command line with the namespace flag in its place.
func (s *Session) Kubectl(args string) string {
	ns := ""
	if s.Namespace != "" && s.Namespace != "default" && !clusterScoped(args) {
		ns = " -n " + s.Namespace
	}
	if before, after, ok := strings.Cut(args, " -- "); ok {
		return "kubectl " + before + ns + " -- " + after
	}
	return "kubectl " + args + ns
}

// clusterScoped reports whether a kubectl command is about nodes, which
// belong to no namespace.
func clusterScoped(args string) bool {
	f := strings.Fields(args)
	return len(f) > 1 && (f[1] == "node" || f[1] == "nodes" || strings.HasPrefix(f[1], "node/"))
}

// Expand fills {{ip "pod"}}, {{node "pod"}}, {{image "role"}} and {{ns}} in s.
func (s *Session) Expand(text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	pod := func(name string) *corev1.Pod {
		if s.Timeline == nil {
			return nil
		}
		return s.Timeline.Pod(name)
	}
	funcs := template.FuncMap{
		"ns":    func() string { return s.Namespace },
		"image": s.Image,
		"ip": func(name string) string {
			if p := pod(name); p != nil && p.Status.PodIP != "" {
				return p.Status.PodIP
			}
			return "<" + name + "-ip>"
		},
		"node": func(name string) string {
			if p := pod(name); p != nil && p.Spec.NodeName != "" {
				return p.Spec.NodeName
			}
			return "<" + name + "-node>"
		},
	}
	tpl, err := template.New("").Funcs(funcs).Parse(text)
	if err != nil {
		panic(fmt.Sprintf("lesson %s: bad template %q: %v", s.Lesson.Name, text, err))
	}
	var b strings.Builder
	if err := tpl.Execute(&b, nil); err != nil {
		panic(fmt.Sprintf("lesson %s: template %q: %v", s.Lesson.Name, text, err))
	}
	return b.String()
}

// Run runs the lesson: every step in order, then the cleanup.
func (s *Session) Run(ctx context.Context) (err error) {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Timeout == 0 {
		s.Timeout = 2 * time.Minute
	}
	s.start = s.Now()
	l := s.Lesson
	s.Report.Lesson(l.Name, l.Title(s.Lang), l.Text.Get(s.Lang, "intro").Body)
	steps := l.Steps(s.Values)
	if s.DryRun {
		return s.plan(steps)
	}
	for _, r := range Roles {
		if img := s.Images[r.Name]; img != r.Default {
			s.Report.Note(NoteInfo, s.T("ui.images.override", Vars{Reason: r.Name, Image: img}))
		}
	}
	if err := s.ensureNamespace(ctx); err != nil {
		return err
	}
	tctx, stop := context.WithCancel(ctx)
	defer stop()
	s.Timeline = &Timeline{
		Client: s.Clients.Client, Namespace: s.Namespace, Selector: Selector + "," + LessonLabel + "=" + l.Name,
		Origin: s.start, Since: s.start.Add(-time.Second).Truncate(time.Second), Now: s.Now, Lang: s.Lang, Report: s.Report.Event,
	}
	defer func() { err = s.finish(ctx, err) }()
	if err := s.Timeline.Start(tctx); err != nil {
		return err
	}
	for i, st := range steps {
		if err := s.pause(ctx); err != nil {
			return err
		}
		sec := l.Text.Get(s.Lang, st.Key)
		s.Report.Step(i+1, len(steps), st.Key, sec.Title, s.Expand(sec.Body))
		for _, a := range st.Do {
			if cmd := a.Show(s); cmd != "" {
				s.Report.Command(cmd)
			}
			out, err := a.Run(ctx, s)
			s.Report.Output(out)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Session) plan(steps []Step) error {
	s.Report.Note(NoteInfo, s.T("ui.dryrun", Vars{}))
	for i, st := range steps {
		sec := s.Lesson.Text.Get(s.Lang, st.Key)
		s.Report.Step(i+1, len(steps), st.Key, sec.Title, s.Expand(sec.Body))
		for _, a := range st.Do {
			if cmd := a.Show(s); cmd != "" {
				s.Report.Command(cmd)
			}
			if m, ok := a.(Manifester); ok {
				file, data, err := m.Manifest()
				if err != nil {
					return err
				}
				s.Report.Manifest(file, string(s.swapImages(localManifest(s.Lang, file, data))))
			}
		}
	}
	sec := Messages.Get(s.Lang, "ui.dryrun.done")
	s.Report.Done(true, 0, sec.Title+". "+sec.Body)
	return nil
}

// pause waits for Enter in step mode; Ctrl-C still works meanwhile.
func (s *Session) pause(ctx context.Context) error {
	if !s.StepMode {
		return nil
	}
	if s.lines == nil {
		ch := make(chan string)
		go func() {
			sc := bufio.NewScanner(s.In)
			for sc.Scan() {
				ch <- sc.Text()
			}
			close(ch)
		}()
		s.lines = ch
	}
	s.Report.Note(NoteInfo, s.T("ui.step.prompt", Vars{}))
	select {
	case <-s.lines:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func (s *Session) ensureNamespace(ctx context.Context) error {
	nss := s.Clients.Client.CoreV1().Namespaces()
	_, err := nss.Get(ctx, s.Namespace, metav1.GetOptions{})
	if err == nil || !kube.IsNotFound(err) {
		return nil // there, or not ours to look at: creating Pods will tell
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: s.Namespace, Labels: map[string]string{WorkspaceLabel: "true"}}}
	if _, err := nss.Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", s.Namespace, kube.Explain(err))
	}
	s.Report.Note(NoteInfo, s.T("ui.namespace.created", Vars{Message: s.Namespace}))
	return nil
}

// finish cleans up (with a fresh context when ctx was cancelled) and
// reports how the lesson ended.
func (s *Session) finish(ctx context.Context, err error) error {
	s.Timeline.Stop() // the lesson is over: cleanup is not part of its story
	interrupted := ctx.Err() != nil && errors.Is(context.Cause(ctx), context.Canceled)
	if interrupted {
		s.Report.Note(NoteWarn, s.T("ui.interrupted", Vars{}))
		err = ErrInterrupted
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 90*time.Second)
	defer cancel()
	if cerr := s.cleanup(cctx); cerr != nil && err == nil {
		err = cerr
	}
	key := "ui.done"
	if err != nil {
		key = "ui.failed"
	}
	s.Report.Done(err == nil, s.Since(), Messages.Get(s.Lang, key).Title)
	return err
}

func (s *Session) cleanup(ctx context.Context) error {
	s.mu.Lock()
	made := append([]Ref(nil), s.made...)
	fns := append([]func(context.Context) error(nil), s.cleanups...)
	s.mu.Unlock()
	var errs []error
	for i := len(fns) - 1; i >= 0; i-- {
		errs = append(errs, fns[i](ctx))
	}
	if len(made) == 0 {
		return errors.Join(errs...)
	}
	if s.Keep {
		var names []string
		for _, r := range made {
			names = append(names, r.String())
		}
		sort.Strings(names)
		s.Report.Note(NoteInfo, s.T("ui.cleanup.keep", Vars{Message: s.Kubectl("delete " + strings.Join(names, " "))}))
		return errors.Join(errs...)
	}
	s.Report.Note(NoteInfo, s.T("ui.cleanup", Vars{}))
	objs := make([]kube.Object, len(made))
	for i, r := range made {
		objs[i] = kube.Object{Kind: r.Kind, Namespace: s.Namespace, Name: r.Name}
	}
	done := s.Report.Waiting(s.T("ui.cleanup", Vars{}))
	results := kube.DeleteAll(ctx, s.Clients.Client, objs, s.Timeout)
	done()
	for i, err := range results {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.Report.Note(NoteGood, s.T("ui.cleanup.removed", Vars{Message: made[i].String()}))
	}
	return errors.Join(errs...)
}
