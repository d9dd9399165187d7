package lessons

import (
	"context"
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Runs side by side. Each run of a lesson holds a Lease named
// LeaseName(lesson) in its namespace (kube.RunLock) while it runs, so a
// second run of the same lesson there refuses at once, naming the first.
// Objects of kpod's that another lesson's live run owns are never replaced;
// objects kpod did not make are refused before the first step.

// LeaseName is the Lease a run of lesson holds in its namespace.
func LeaseName(lesson string) string { return "kpod-run-" + lesson }

// Objecter is an Action that creates objects whose names are known before
// the lesson starts, so the session can check them up front.
type Objecter interface {
	Objects(s *Session) ([]Ref, error)
}

// lockRun takes the run's Lease. Where the user may not make Leases, the
// run goes on unlocked, and then replaces no leftover (see mayReplace).
func (s *Session) lockRun(ctx context.Context) error {
	l := &kube.RunLock{Client: s.Clients.Client, Namespace: s.Namespace, Name: LeaseName(s.Lesson.Name), Labels: s.Labels(), Now: s.Now}
	err := l.Acquire(ctx)
	var busy *kube.BusyError
	switch {
	case err == nil:
		s.lock = l
		return nil
	case errors.As(err, &busy):
		return errors.New(s.Text("ui.busy", text.Facts{"Lesson": s.Lesson.Name, "Namespace": s.Namespace,
			"Holder": busy.Holder, "Age": busy.Age.Round(time.Second).String(), "Lease": busy.Name}))
	case kube.IsForbidden(err):
		return nil
	}
	return err
}

// unlock releases the run's Lease, keeping it (released) as a mark while
// objects of this run stay behind.
func (s *Session) unlock(ctx context.Context) {
	if s.lock == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = s.lock.Release(ctx, s.keep())
}

// checkObjects looks, before the first step, at every object the steps
// will make: one that kpod did not make, or that a live run of another
// lesson owns, stops the lesson before it makes anything.
func (s *Session) checkObjects(ctx context.Context, steps []Step) error {
	for _, st := range steps {
		for _, a := range st.Do {
			o, ok := a.(Objecter)
			if !ok {
				continue
			}
			refs, err := o.Objects(s)
			if err != nil {
				return err
			}
			for _, r := range refs {
				old, err := kube.Get(ctx, s.Clients.Client, s.Namespace, r.Kind, r.Name)
				if kube.IsNotFound(err) {
					continue
				}
				if err != nil {
					return kube.Explain(err)
				}
				if err := s.mayReplace(ctx, r, old); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// mayReplace says whether old, an object named like one the lesson makes,
// is a leftover kpod may delete: kpod made it, and no live run of another
// lesson owns it (this lesson's Lease is held by this run).
func (s *Session) mayReplace(ctx context.Context, r Ref, old metav1.Object) error {
	if old.GetLabels()[ManagedBy] != ManagedByValue {
		return errors.New(s.Text("ui.foreign", text.Facts{"Object": r.String(), "Namespace": s.Namespace, "Label": Selector}))
	}
	owner := old.GetLabels()[LessonLabel]
	if s.lock == nil {
		return errors.New(s.Text("ui.taken", text.Facts{"Object": r.String(), "Namespace": s.Namespace, "Lesson": owner}))
	}
	if owner == s.Lesson.Name {
		return nil
	}
	l, err := kube.LeaseOf(ctx, s.Clients.Client, s.Namespace, LeaseName(owner))
	if err != nil {
		return err
	}
	if live, _ := kube.Live(l, s.Now()); live {
		return errors.New(s.Text("ui.taken", text.Facts{"Object": r.String(), "Namespace": s.Namespace, "Lesson": owner}))
	}
	return nil
}

// Objects are the objects a Create makes.
func (a *createAction) Objects(s *Session) ([]Ref, error) {
	_, data, err := a.Manifest()
	if err != nil {
		return nil, err
	}
	objs, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.file, err)
	}
	var out []Ref
	for _, obj := range objs {
		kind, err := Kind(obj)
		if err != nil {
			return nil, err
		}
		meta, err := metaOf(obj)
		if err != nil {
			return nil, err
		}
		out = append(out, Ref{kind, meta.GetName()})
	}
	return out, nil
}

// Objects is the Pod RunPod makes.
func (a *runAction) Objects(*Session) ([]Ref, error) { return []Ref{{"Pod", a.name}}, nil }

// Objects is the Pod RunOnce makes.
func (a *runOnceAction) Objects(*Session) ([]Ref, error) { return []Ref{{"Pod", a.name}}, nil }
