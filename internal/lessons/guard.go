package lessons

import (
	"context"
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/runlock"
	"github.com/kpod-dev/kpod/internal/text"
)

// Runs side by side. Each run of a lesson holds a Lease named
// leaseName(lesson) in its namespace (runlock.Lock) while it runs, so a
// second run of the same lesson there refuses at once, naming the first.
// Objects of kpod's that another lesson's live run owns are never replaced;
// objects kpod did not make are refused before the first step.

// leaseName is the Lease a run of lesson holds in its namespace.
func leaseName(lesson string) string { return "kpod-run-" + lesson }

// runGuard is the run lock: the run's Lease while it runs, and the rule
// for objects already there when the run would make them.
type runGuard struct {
	client    kubernetes.Interface
	namespace string
	lesson    string
	labels    map[string]string
	clock     clock.Clock
	lease     *runlock.Lock // nil when not held
}

// newGuard is the run lock of lesson in namespace, not yet held.
func newGuard(client kubernetes.Interface, namespace, lesson string, clk clock.Clock) *runGuard {
	return &runGuard{client: client, namespace: namespace, lesson: lesson, labels: lessonLabels(lesson), clock: clk}
}

// acquire takes the run's Lease. Where the user may not make Leases, the
// run goes on unlocked, and then replaces no leftover (see mayReplace).
func (g *runGuard) acquire(ctx context.Context) error {
	l := &runlock.Lock{Client: g.client, Namespace: g.namespace, Name: leaseName(g.lesson), Labels: g.labels, Clock: g.clock}
	err := l.Acquire(ctx)
	var busy *runlock.BusyError
	switch {
	case err == nil:
		g.lease = l
		return nil
	case errors.As(err, &busy):
		return words.Err("err.lesson.busy", text.Facts{"Lesson": g.lesson, "Namespace": g.namespace,
			"Holder": busy.Holder, "Age": busy.Age.Round(time.Second), "Lease": busy.Name})
	case kube.IsForbidden(err):
		return nil
	}
	return err
}

// release lets the run's Lease go, keeping it (released) as a mark while
// objects of this run stay behind.
func (g *runGuard) release(ctx context.Context, keep bool) {
	if g.lease == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = g.lease.Release(ctx, keep)
}

// check looks, before the first step, at every object the steps will
// make: one that kpod did not make, or that a live run of another lesson
// owns, stops the lesson before it makes anything.
func (g *runGuard) check(ctx context.Context, refs []objectRef) error {
	for _, r := range refs {
		old, err := kube.Get(ctx, g.client, g.namespace, r.Kind, r.Name)
		if kube.IsNotFound(err) {
			continue
		}
		if err != nil {
			return kube.Explain(err)
		}
		if err := g.mayReplace(ctx, r, old); err != nil {
			return err
		}
	}
	return nil
}

// mayReplace says whether old, an object named like one the lesson makes,
// is a leftover kpod may delete: kpod made it, and no live run of another
// lesson owns it (this lesson's Lease is held by this run).
func (g *runGuard) mayReplace(ctx context.Context, r objectRef, old metav1.Object) error {
	if old.GetLabels()[kube.ManagedBy] != kube.ManagedByValue {
		return words.Err("err.lesson.foreign", text.Facts{"Object": r.String(), "Namespace": g.namespace, "Label": kube.KpodSelector})
	}
	owner := old.GetLabels()[kube.LessonLabel]
	if g.lease == nil {
		return words.Err("err.lesson.taken", text.Facts{"Object": r.String(), "Namespace": g.namespace, "Lesson": owner})
	}
	if owner == g.lesson {
		return nil
	}
	l, err := runlock.Get(ctx, g.client, g.namespace, leaseName(owner))
	if err != nil {
		return err
	}
	if live, _ := runlock.Live(l, g.clock.Now()); live {
		return words.Err("err.lesson.taken", text.Facts{"Object": r.String(), "Namespace": g.namespace, "Lesson": owner})
	}
	return nil
}

// replace deletes the object called like ref, a leftover the guard lets
// this run replace, and waits, within timeout, until it is gone. It calls
// tell before it deletes (stopping: the object is being deleted already),
// and the done tell returns once it is gone.
func (g *runGuard) replace(ctx context.Context, ref objectRef, timeout time.Duration, tell func(stopping bool) (done func())) error {
	old, err := kube.Get(ctx, g.client, g.namespace, ref.Kind, ref.Name)
	if kube.IsNotFound(err) {
		return nil // gone a moment ago
	}
	if err != nil {
		return kube.Explain(err)
	}
	if err := g.mayReplace(ctx, ref, old); err != nil {
		return err
	}
	defer tell(old.GetDeletionTimestamp() != nil)()
	return kube.Delete(ctx, g.client, g.namespace, ref.Kind, ref.Name, timeout)
}

// objects lists the objects the steps will make whose names are known
// before the lesson starts.
func objects(steps []Step) ([]objectRef, error) {
	var out []objectRef
	for _, st := range steps {
		for _, a := range st.Do {
			p, err := a.Plan()
			if err != nil {
				return nil, err
			}
			refs, err := p.objects()
			if err != nil {
				return nil, err
			}
			out = append(out, refs...)
		}
	}
	return out, nil
}

// objects are the objects p makes through the API: its manifest's (unless
// written to a node) and the Pod it starts.
func (p Plan) objects() ([]objectRef, error) {
	var out []objectRef
	if p.Manifest != nil && !p.Static {
		objs, err := Decode(p.Manifest)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.File, err)
		}
		for _, obj := range objs {
			kind, err := kindOf(obj)
			if err != nil {
				return nil, err
			}
			meta, err := metaOf(obj)
			if err != nil {
				return nil, err
			}
			out = append(out, objectRef{kind, meta.GetName()})
		}
	}
	if p.Starts != "" {
		out = append(out, objectRef{"Pod", p.Starts})
	}
	return out, nil
}
