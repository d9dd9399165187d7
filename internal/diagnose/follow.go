package diagnose

import (
	"context"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// Watch is how Follow follows a Pod (kpod why -w): the cluster it reads,
// its clock, the words of its diagnoses, and whom it tells each new one.
type Watch struct {
	Client kubernetes.Interface
	Clock  clock.Clock // the time of a diagnosis, and the waits
	Scene  text.Scene
	Say    func(d Diagnosis, at time.Time) error // each new diagnosis, and when it was made
}

// quiet is how long Follow lets a burst of changes (the watches' first
// lists, a Pod and its Events changing together) settle, to read it as one.
const quiet = 100 * time.Millisecond

// Follow watches pod and its Events on a timeline.Watch and tells Say each
// new diagnosis once, as it appears: one of a Case, Variant and Container
// not said before. It ends when the Pod is deleted (a later Pod of the same
// name is another Pod), when ctx ends (nil: Ctrl-C), or with Say's error or
// the first list's (kube.Explain).
func (w Watch) Follow(ctx context.Context, pod *corev1.Pod) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	f := &follower{w: w, pod: pod, events: map[types.UID]corev1.Event{}, said: map[string]bool{}, oom: map[string]bool{}}
	// The Pod and its Events as they are now, from one list: a refusal is
	// said at once, where the watches would retry it.
	list, err := kube.PodEvents(ctx, w.Client, pod)
	if err != nil {
		return err
	}
	f.add(list)
	if err := f.look(ctx); err != nil {
		return err
	}
	t := timeline.NewWatch(timeline.Config{Client: w.Client, Namespace: pod.Namespace, Name: pod.Name, Clock: w.Clock, Lang: w.Scene.Lang})
	if err := t.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return kube.Explain(err)
	}
	select { // the first lists' changes, read as one just below
	case <-t.Changed():
	default:
	}
	var stuck <-chan time.Time
	for {
		last := t.Pod(pod.Name)
		if last == nil || last.UID != pod.UID {
			return nil // deleted, and maybe made again: another Pod
		}
		f.pod = last
		f.add(t.Events(last.Name, last.UID))
		if err := f.look(ctx); err != nil {
			return err
		}
		// A deleted Pod that stays is stuck StuckAfter later: look again then, once.
		if del := last.DeletionTimestamp; del != nil && stuck == nil {
			stuck = w.Clock.After(max(del.Add(StuckAfter+time.Second).Sub(w.Clock.Now()), 0))
		}
		select {
		case <-ctx.Done():
			return nil // Ctrl-C: watching ends
		case <-stuck:
			stuck = make(chan time.Time) // never again
		case <-t.Changed():
			if !settle(ctx, w.Clock, t.Changed()) {
				return nil
			}
		}
	}
}

// settle waits until changed has been quiet for a while; false if ctx
// ended first.
func settle(ctx context.Context, clk clock.Clock, changed <-chan struct{}) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-changed:
		case <-clk.After(quiet):
			return true
		}
	}
}

// follower is what Follow has seen of its Pod and said of it.
type follower struct {
	w      Watch
	pod    *corev1.Pod
	events map[types.UID]corev1.Event // every Event seen, kept when it expires
	said   map[string]bool            // Case/Variant/Container of each diagnosis said
	oom    map[string]bool            // containers seen OOMKilled (Input.OOMSeen)
}

func (f *follower) add(events []corev1.Event) {
	for _, e := range events {
		f.events[e.UID] = e
	}
}

// look diagnoses the Pod as last seen and tells the diagnosis if it is new.
func (f *follower) look(ctx context.Context) error {
	now := f.w.Clock.Now()
	var events []corev1.Event
	for _, e := range f.events {
		events = append(events, e)
	}
	sort.Slice(events, func(i, j int) bool { return kube.EventLast(&events[i]).Before(kube.EventLast(&events[j])) })
	in := ClusterOf(f.w.Client).Gather(ctx, f.pod, events, now)
	in.OOMSeen = f.oom
	d := Diagnose(in, f.w.Scene)
	for _, list := range [][]corev1.ContainerStatus{f.pod.Status.InitContainerStatuses, f.pod.Status.ContainerStatuses} {
		for _, s := range list {
			for _, end := range []*corev1.ContainerStateTerminated{s.State.Terminated, s.LastTerminationState.Terminated} {
				if end != nil && end.Reason == "OOMKilled" {
					f.oom[s.Name] = true
				}
			}
		}
	}
	key := d.Case + "/" + d.Variant + "/" + d.Container
	if f.said[key] {
		return nil
	}
	f.said[key] = true
	return f.w.Say(d, now)
}
