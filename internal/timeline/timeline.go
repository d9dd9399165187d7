// Package timeline tells a Pod's story as it happens, line by line. A
// Watch on a run's Pods and their Events tells each change as a
// report.Annotation, in words of its own (en.md, ko.md); it keeps each
// Pod's last state and its Events (Pod, Events, Seen) and says when they
// change (Changed). It also answers a run's waits on the same watch
// (Until, UntilGone, UntilReplaced, UntilEvent): a wait ends after the
// lines of the change that ended it are told. SayAgain tells a recorded
// line in another language.
package timeline

import (
	"context"
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// Config is what a Watch follows and how it tells what it sees.
type Config struct {
	Client    kubernetes.Interface
	Namespace string
	Selector  string             // label selector of the Pods to tell (the watch sees every Pod of Namespace, for the waits)
	Name      string             // or one Pod by name (the watch sees only it)
	Origin    time.Time          // +0.0s
	Since     time.Time          // older Events are history and are skipped
	Clock     clock.PassiveClock // required (clock.RealClock{} for the real one)
	Lang      string
	Report    func(report.Annotation) // may be nil: the Watch is read, not told
	Problem   func(string)            // a text that did not render (may be nil)
}

// Watch is a run's watch on its Pods and their Events: it keeps the
// last state of each Pod, tells each change as an Annotation to Report as
// it happens (in its narrator's words: narrator.go, poddiff.go), and
// serves the run's waits (waitwatch.go).
type Watch struct {
	cfg    Config
	follow labels.Selector // cfg.Selector, parsed

	mu       sync.Mutex
	pods     map[string]*corev1.Pod   // last seen, by name: every Pod the watch sees
	gone     map[string]bool          // Pods seen deleted and not made again
	stale    map[types.UID]bool       // a lesson's Pods of an earlier run, stopping when it started
	names    map[string]bool          // Pods whose Events are shown
	narrator *narrator                // what each change means, in words
	waits    waiters                  // the waits parked on the watches (waitwatch.go)
	events   map[string]*corev1.Event // the Events seen, by name; nil before Start
	stopped  bool
	backlog  []report.Annotation // history, told in time order once synced
	early    []*corev1.Event     // Events seen while replaying, annotated once every Pod is known
	ahead    heldEvents          // live Events about a Pod the Pod watch has not shown yet
	told     []report.Annotation // what Report was given, for Told
	changed  chan struct{}       // a change to a followed Pod or its Events (Changed)
}

// NewWatch returns a watch on the Pods c names, and their Events; Start runs
// it.
func NewWatch(c Config) *Watch {
	t := &Watch{cfg: c, pods: map[string]*corev1.Pod{}, gone: map[string]bool{}, stale: map[types.UID]bool{}, names: map[string]bool{},
		narrator: &narrator{lang: c.Lang, origin: c.Origin, since: c.Since, clock: c.Clock, problem: c.Problem,
			counts: map[types.UID]int32{}, ended: map[string]bool{}},
		changed: make(chan struct{}, 1)}
	t.waits = waiters{lock: &t.mu, waiting: map[*waiter]bool{}}
	if c.Name != "" {
		t.names[c.Name] = true
	}
	var err error
	if t.follow, err = labels.Parse(c.Selector); err != nil {
		t.follow = labels.Nothing() // Start says why
	}
	return t
}

// Track shows the Events of the Pod called name from now on.
func (t *Watch) Track(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.names[name] = true
}

// Start runs the watches until ctx ends and returns once both have synced.
// What the first lists show (Pods and Events from before it started) is
// history: told once, in time order, repeats summarised; then it goes live.
func (t *Watch) Start(ctx context.Context) error {
	if _, err := labels.Parse(t.cfg.Selector); err != nil {
		return err
	}
	t.mu.Lock()
	t.narrator.replay = true
	t.mu.Unlock()
	// Every Pod of the namespace, not only those it tells: a wait may be
	// for any of them.
	pods := cache.NewSharedIndexInformer(kube.PodListWatch(t.cfg.Client, t.cfg.Namespace, "", t.cfg.Name), &corev1.Pod{}, 0, cache.Indexers{})
	podReg, _ := pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { t.podChanged(o.(*corev1.Pod), false) },
		UpdateFunc: func(_, o any) { t.podChanged(o.(*corev1.Pod), false) },
		DeleteFunc: func(o any) {
			if d, ok := o.(cache.DeletedFinalStateUnknown); ok {
				o = d.Obj
			}
			if p, ok := o.(*corev1.Pod); ok {
				t.podChanged(p, true)
			}
		},
	})
	events := cache.NewSharedIndexInformer(kube.EventListWatch(t.cfg.Client, t.cfg.Namespace), &corev1.Event{}, 0, cache.Indexers{})
	evReg, _ := events.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { t.eventSeen(o.(*corev1.Event)) },
		UpdateFunc: func(_, o any) { t.eventSeen(o.(*corev1.Event)) },
		DeleteFunc: func(o any) {
			if d, ok := o.(cache.DeletedFinalStateUnknown); ok {
				o = d.Obj
			}
			if ev, ok := o.(*corev1.Event); ok {
				t.eventGone(ev)
			}
		},
	})
	t.mu.Lock()
	t.events = map[string]*corev1.Event{}
	t.mu.Unlock()
	go pods.RunWithContext(ctx)
	go events.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), podReg.HasSynced, evReg.HasSynced) {
		return ctx.Err()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, a := range t.history() {
		if !t.stopped {
			t.tell(a)
		}
	}
	return nil
}

// history ends the replay and returns what it saw, in time order: each
// line once, a container's past crashes in one line.
func (t *Watch) history() []report.Annotation {
	t.narrator.replay = false
	for _, ev := range t.early {
		if a, ok := t.annotate(ev); ok {
			t.backlog = append(t.backlog, a)
		}
	}
	in := t.backlog
	t.early, t.backlog = nil, nil
	sort.SliceStable(in, func(i, j int) bool { return in[i].At < in[j].At })
	var out []report.Annotation
	seen := map[string]bool{}
	for _, a := range in {
		key := a.Pod + "/" + a.Container + "/" + a.Reason + "/" + a.Text
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, a)
	}
	return out
}

// report tells a, or keeps it for the history while replaying.
func (t *Watch) report(a report.Annotation) {
	if t.narrator.replay {
		t.backlog = append(t.backlog, a)
		return
	}
	t.tell(a)
}

// tell reports a and keeps it for Told.
func (t *Watch) tell(a report.Annotation) {
	t.told = append(t.told, a)
	if t.cfg.Report != nil {
		t.cfg.Report(a)
	}
}

// Told returns every annotation reported so far about the Pod called pod, in
// the order they were told.
func (t *Watch) Told(pod string) []report.Annotation {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []report.Annotation
	for _, a := range t.told {
		if a.Pod == pod {
			out = append(out, a)
		}
	}
	return out
}

// Stop ends the annotations: nothing more is reported after it returns.
// It ends the waits too: one waiting, or asked after, ends with
// ErrNotWatching.
func (t *Watch) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	t.waits.end(ErrNotWatching)
}

// Pod returns the last state the timeline saw of the Pod called name
// (nil on a nil Watch: a dry run has none).
func (t *Watch) Pod(name string) *corev1.Pod {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pods[name]
}

// podChanged tells pod's change, if it follows pod, then wakes the waits
// the change ends: a wait ends after the lines of its change.
func (t *Watch) podChanged(pod *corev1.Pod, deleted bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	switch {
	case t.cfg.Name != "" && pod.Name != t.cfg.Name:
		return // not the one Pod it follows (its watch asks for that one only)
	case t.cfg.Name == "" && !t.follow.Matches(labels.Set(pod.Labels)):
		t.keep(pod, deleted) // not told, but seen for the waits
	case t.cfg.Name == "" && (t.narrator.replay && pod.DeletionTimestamp != nil || t.stale[pod.UID]):
		// A lesson's Pod of an earlier run, stopping as this one starts: not
		// part of this run's story (its Events are skipped by UID).
		t.stale[pod.UID] = true
	default:
		t.tellChange(pod, deleted)
	}
	t.waits.podChanged(pod, deleted)
}

// tellChange tells the change of a Pod it follows, and keeps it.
func (t *Watch) tellChange(pod *corev1.Pod, deleted bool) {
	old := t.pods[pod.Name]
	if old != nil && old.UID != pod.UID {
		old = nil
	}
	var out []report.Annotation
	if deleted {
		out = []report.Annotation{t.narrator.note(pod, "", "pod.deleted", time.Time{}, nil)}
	} else {
		out = t.narrator.podDiff(old, pod)
	}
	t.keep(pod, deleted)
	if !deleted {
		t.names[pod.Name] = true
		for _, ev := range t.ahead.take(pod.Name) {
			if a, ok := t.annotate(ev); ok {
				out = append(out, a)
			}
		}
	}
	for _, a := range out {
		t.report(a)
	}
	t.kick()
}

// keep keeps pod as last seen, or as gone.
func (t *Watch) keep(pod *corev1.Pod, deleted bool) {
	if deleted {
		delete(t.pods, pod.Name)
		t.gone[pod.Name] = true
		return
	}
	t.pods[pod.Name] = pod
	delete(t.gone, pod.Name)
}

func (t *Watch) eventSeen(ev *corev1.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.events != nil {
		t.events[ev.Name] = ev
	}
	t.waits.eventSeen(ev)
	if obj := ev.InvolvedObject; obj.Kind == "Pod" && t.names[obj.Name] && !t.stopped {
		t.kick()
	}
	if t.narrator.replay {
		t.early = append(t.early, ev)
		return
	}
	if obj := ev.InvolvedObject; obj.Kind == "Pod" && !t.names[obj.Name] && (t.cfg.Name == "" || obj.Name == t.cfg.Name) {
		t.ahead.hold(ev) // told once the Pod is seen: the two watches are separate streams
		return
	}
	a, ok := t.annotate(ev)
	if ok && !t.stopped {
		t.tell(a)
	}
}

// eventGone forgets ev, expired or deleted.
func (t *Watch) eventGone(ev *corev1.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.events, ev.Name)
}

// Changed receives after the watch sees a change to a Pod it follows, or
// an Event about one, while it is not stopped. Changes coalesce: one
// receive may stand for many, and a reader then reads the Watch (Pod,
// Events, Seen). It has one reader.
func (t *Watch) Changed() <-chan struct{} { return t.changed }

// kick tells Changed's reader, without waiting for it.
func (t *Watch) kick() {
	select {
	case t.changed <- struct{}{}:
	default: // one is pending already
	}
}

// Events returns what the watch holds of the Events about the Pod called name
// with UID uid, oldest first (none before Start).
func (t *Watch) Events(name string, uid types.UID) []corev1.Event {
	t.mu.Lock()
	var out []corev1.Event
	for _, ev := range t.events {
		if ev.InvolvedObject.Kind == "Pod" && ev.InvolvedObject.Name == name && ev.InvolvedObject.UID == uid {
			out = append(out, *ev)
		}
	}
	t.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := kube.EventLast(&out[i]), kube.EventLast(&out[j])
		return a.Before(b) || a.Equal(b) && out[i].Name < out[j].Name
	})
	return out
}

// Seen returns what the watch has seen and told so far, for a reader that
// judges the Pods as they are (a practice's checks): the last state of each
// Pod it tells (Selector, or Name), and every Event about a Pod. A change
// shows here only after its lines are told, so what the reader says of it
// comes after them. The objects are the watch's: read them, never change
// them.
func (t *Watch) Seen() (pods []*corev1.Pod, events []*corev1.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.pods {
		if t.tells(p) {
			pods = append(pods, p)
		}
	}
	for _, ev := range t.events {
		events = append(events, ev)
	}
	sort.Slice(pods, func(i, j int) bool { return pods[i].Name < pods[j].Name })
	sort.Slice(events, func(i, j int) bool { return events[i].Name < events[j].Name })
	return pods, events
}

// tells says whether the watch tells pod's changes: the one Pod it
// follows by name, or one its selector matches.
func (t *Watch) tells(pod *corev1.Pod) bool {
	if t.cfg.Name != "" {
		return pod.Name == t.cfg.Name
	}
	return t.follow.Matches(labels.Set(pod.Labels))
}

// annotate returns the line of ev, about one of the Pods whose Events are
// told.
func (t *Watch) annotate(ev *corev1.Event) (report.Annotation, bool) {
	obj := ev.InvolvedObject
	if obj.Kind != "Pod" || !t.names[obj.Name] || t.stale[obj.UID] {
		return report.Annotation{}, false
	}
	return t.narrator.event(ev, t.pods[obj.Name])
}

// maxAhead bounds the Events held for Pods not seen yet (a helper Pod
// the selector leaves out is never seen).
const maxAhead = 100

// heldEvents are live Events about Pods the Pod watch has not shown yet:
// the two watches are separate streams, and an Event may come first.
type heldEvents []*corev1.Event

// hold keeps ev, the oldest going once maxAhead are held.
func (h *heldEvents) hold(ev *corev1.Event) {
	if len(*h) == maxAhead {
		*h = (*h)[1:]
	}
	*h = append(*h, ev)
}

// take returns, and no longer holds, the Events about the Pod called name.
func (h *heldEvents) take(name string) []*corev1.Event {
	var out []*corev1.Event
	kept := (*h)[:0]
	for _, ev := range *h {
		if ev.InvolvedObject.Name == name {
			out = append(out, ev)
		} else {
			kept = append(kept, ev)
		}
	}
	*h = kept
	return out
}
