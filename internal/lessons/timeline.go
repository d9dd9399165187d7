package lessons

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Timeline watches Pods and their Events and turns each change into an
// Annotation, as it happens.
type Timeline struct {
	Client    kubernetes.Interface
	Namespace string
	Selector  string             // label selector of the Pods to follow
	Name      string             // or one Pod by name
	Origin    time.Time          // +0.0s
	Since     time.Time          // older Events are history and are skipped
	Clock     clock.PassiveClock // nil: the real clock
	Lang      string
	Report    func(Annotation)
	problem   func(string) // a text that did not render (may be nil)

	mu        sync.Mutex
	pods      map[string]*corev1.Pod // last seen, by name
	gone      map[string]bool        // Pods seen deleted and not made again
	stale     map[types.UID]bool     // a lesson's Pods of an earlier run, stopping when it started
	names     map[string]bool        // Pods whose Events are shown
	counts    map[types.UID]int32    // Event counts already shown
	ended     map[string]bool        // terminated container IDs already shown
	explained explained              // the message keys explained in full
	waits     podWaits               // the waits parked on the watches (waitwatch.go)
	events    cache.Store            // the Event watch's objects, once started
	stopped   bool
	replay    bool            // Start has not synced yet: what is seen is history
	backlog   []Annotation    // history, told in time order once synced
	early     []*corev1.Event // Events seen while replaying, annotated once every Pod is known
	ahead     heldEvents      // live Events about a Pod the Pod watch has not shown yet
	told      []Annotation    // what Report was given, for Told
}

func (t *Timeline) init() {
	if t.pods == nil {
		t.pods = map[string]*corev1.Pod{}
		t.names = map[string]bool{}
		t.counts = map[types.UID]int32{}
		t.ended = map[string]bool{}
		t.gone = map[string]bool{}
		t.stale = map[types.UID]bool{}
		t.waits = podWaits{lock: &t.mu, waiting: map[*waiter]bool{}}
	}
	if t.Name != "" {
		t.names[t.Name] = true
	}
}

// track shows the Events of the Pod called name from now on.
func (t *Timeline) track(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	t.names[name] = true
}

// Start runs the watches until ctx ends and returns once both have synced.
// What the first lists show (Pods and Events from before it started) is
// history: told once, in time order, repeats summarised; then it goes live.
func (t *Timeline) Start(ctx context.Context) error {
	t.mu.Lock()
	t.init()
	t.replay = true
	t.mu.Unlock()
	pods := cache.NewSharedIndexInformer(kube.PodListWatch(t.Client, t.Namespace, t.Selector, t.Name), &corev1.Pod{}, 0, cache.Indexers{})
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
	events := cache.NewSharedIndexInformer(kube.EventListWatch(t.Client, t.Namespace), &corev1.Event{}, 0, cache.Indexers{})
	evReg, _ := events.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { t.eventSeen(o.(*corev1.Event)) },
		UpdateFunc: func(_, o any) { t.eventSeen(o.(*corev1.Event)) },
	})
	t.mu.Lock()
	t.events = events.GetStore()
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
func (t *Timeline) history() []Annotation {
	t.replay = false
	for _, ev := range t.early {
		if a, ok := t.annotate(ev); ok {
			t.backlog = append(t.backlog, a)
		}
	}
	in := t.backlog
	t.early, t.backlog = nil, nil
	sort.SliceStable(in, func(i, j int) bool { return in[i].At < in[j].At })
	var out []Annotation
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
func (t *Timeline) report(a Annotation) {
	if t.replay {
		t.backlog = append(t.backlog, a)
		return
	}
	t.tell(a)
}

// tell reports a and keeps it for Told.
func (t *Timeline) tell(a Annotation) {
	t.told = append(t.told, a)
	t.Report(a)
}

// Told is every annotation reported so far about the Pod called pod, in
// the order they were told.
func (t *Timeline) Told(pod string) []Annotation {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Annotation
	for _, a := range t.told {
		if a.Pod == pod {
			out = append(out, a)
		}
	}
	return out
}

// Stop ends the annotations: nothing more is reported after it returns.
func (t *Timeline) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
}

// pod returns the last state the timeline saw of the Pod called name
// (nil on a nil Timeline: a dry run has none).
func (t *Timeline) pod(name string) *corev1.Pod {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pods[name]
}

// now is the Timeline's clock now.
func (t *Timeline) now() time.Time {
	if t.Clock == nil {
		return time.Now()
	}
	return t.Clock.Now()
}

func (t *Timeline) at(ts time.Time) time.Duration {
	now := t.now()
	if !ts.IsZero() && now.Sub(ts) > 3*time.Second {
		return ts.Sub(t.Origin) // history: when it happened
	}
	return now.Sub(t.Origin)
}

func (t *Timeline) podChanged(pod *corev1.Pod, deleted bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	if t.stopped || t.Name != "" && pod.Name != t.Name {
		return
	}
	if t.Name == "" && (t.replay && pod.DeletionTimestamp != nil || t.stale[pod.UID]) {
		// A lesson's Pod of an earlier run, stopping as this one starts: not
		// part of this run's story (its Events are skipped by UID).
		t.stale[pod.UID] = true
		return
	}
	old := t.pods[pod.Name]
	if old != nil && old.UID != pod.UID {
		old = nil
	}
	var out []Annotation
	if deleted {
		out = []Annotation{t.note(pod, "", "pod.deleted", time.Time{}, nil)}
		delete(t.pods, pod.Name)
		t.gone[pod.Name] = true
	} else {
		out = t.podDiff(old, pod)
		t.pods[pod.Name] = pod
		delete(t.gone, pod.Name)
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
	t.waits.podChanged(pod, deleted)
}

// timelineFacts are f and, empty, every other fact a timeline text reads.
func timelineFacts(f text.Facts) text.Facts {
	all := text.Facts{"Pod": "", "Container": "", "Node": "", "IP": "", "Message": "", "Image": "", "Status": "",
		"Reason": "", "Phase": "", "Count": int32(0), "ExitCode": int32(0), "Restarts": int32(0)}
	for k, v := range f {
		all[k] = v
	}
	return all
}

// fill renders a message with what the timeline knows of a Pod or Event:
// every fact a timeline text reads, those f lacks empty.
func (t *Timeline) fill(body string, f text.Facts) string {
	all := timelineFacts(f)
	out, missing, err := text.Render(body, nil, all)
	if (err != nil || len(missing) > 0) && t.problem != nil {
		t.problem(fmt.Sprintf("message %q: %v %v", body, missing, err))
	}
	return out
}

// note is the annotation of message key about pod (and container), which
// happened at (zero: now).
func (t *Timeline) note(pod *corev1.Pod, container, key string, at time.Time, f text.Facts) Annotation {
	if f == nil {
		f = text.Facts{}
	}
	f["Pod"], f["Container"] = pod.Name, container
	if f["Node"] == nil || f["Node"] == "" {
		f["Node"] = pod.Spec.NodeName
	}
	if c := pod.CreationTimestamp.Time; !at.IsZero() && !c.IsZero() && at.Before(c) {
		// A time from before this Pod was made: a mirror Pod made again
		// carries its static Pod's status, times and all. It happens now.
		at = time.Time{}
	}
	sec, said := t.explained.explain(t.Lang, key)
	reason, _, _ := strings.Cut(t.fill(Words.Get("en", key).Title, f), " ") // stable across languages
	return Annotation{At: t.at(at), Source: "pod", Pod: pod.Name, Container: container,
		Reason: reason, Label: t.fill(sec.Title, f), Text: t.fill(sec.Body, f), ResourceVersion: pod.ResourceVersion,
		Key: said, Facts: f}
}

var assignedTo = regexp.MustCompile(`assigned \S+ to (\S+)`)
var quoted = regexp.MustCompile(`"([^"]+)"`)

func (t *Timeline) eventSeen(ev *corev1.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	t.waits.eventSeen(ev)
	if t.replay {
		t.early = append(t.early, ev)
		return
	}
	if obj := ev.InvolvedObject; obj.Kind == "Pod" && !t.names[obj.Name] && (t.Name == "" || obj.Name == t.Name) {
		t.ahead.hold(ev) // told once the Pod is seen: the two watches are separate streams
		return
	}
	a, ok := t.annotate(ev)
	if ok && !t.stopped {
		t.tell(a)
	}
}

func (t *Timeline) annotate(ev *corev1.Event) (Annotation, bool) {
	obj := ev.InvolvedObject
	if obj.Kind != "Pod" || !t.names[obj.Name] {
		return Annotation{}, false
	}
	if p := t.pods[obj.Name]; p != nil && obj.UID != "" && p.UID != "" && obj.UID != p.UID {
		return Annotation{}, false // about an earlier Pod of that name
	}
	when := kube.EventLast(ev)
	if !t.Since.IsZero() && when.Before(t.Since) {
		return Annotation{}, false
	}
	count := kube.EventCount(ev)
	if seen, ok := t.counts[ev.UID]; ok && seen >= count {
		return Annotation{}, false
	}
	t.counts[ev.UID] = count
	msg, container := strings.TrimSpace(ev.Message), ""
	v := text.Facts{"Pod": obj.Name, "Message": msg, "Count": count}
	if p := t.pods[obj.Name]; p != nil {
		v["Node"], v["IP"] = p.Spec.NodeName, p.Status.PodIP
	}
	if m := assignedTo.FindStringSubmatch(ev.Message); m != nil {
		v["Node"] = m[1]
	}
	if m := quoted.FindStringSubmatch(ev.Message); m != nil {
		v["Image"] = m[1]
	}
	if name, ok := strings.CutPrefix(obj.FieldPath, "spec.containers{"); ok {
		container = strings.TrimSuffix(name, "}")
	} else if name, ok := strings.CutPrefix(obj.FieldPath, "spec.initContainers{"); ok {
		container = strings.TrimSuffix(name, "}")
	}
	v["Container"] = container
	key := eventKey(ev)
	if !Words.Has(key) && msg != "" {
		key, v["Reason"] = "event.other", ev.Reason // its message, in a sentence of the reader's language
	}
	a := Annotation{At: t.at(when), Source: "event", Pod: obj.Name, Container: container,
		Reason: ev.Reason, Label: ev.Reason, Text: msg, Message: msg, Count: count, ResourceVersion: ev.ResourceVersion}
	if Words.Has(key) {
		sec, said := t.explained.explain(t.Lang, key)
		a.Label, a.Text = t.fill(sec.Title, v), t.fill(sec.Body, v)
		a.Key, a.Facts = said, v
	}
	return a, true
}

// eventKey is the message that explains ev. A probe failure is explained by
// the kind of probe that failed, since each has its own consequence.
func eventKey(ev *corev1.Event) string {
	key := "event." + ev.Reason
	if ev.Reason == "BackOff" && strings.HasPrefix(ev.Message, "Back-off pulling image") {
		return key + ".pull" // the same reason, for an image that cannot be pulled
	}
	if ev.Reason == "Unhealthy" {
		for _, probe := range []string{"Liveness", "Readiness", "Startup"} {
			if strings.HasPrefix(ev.Message, probe+" probe") {
				return key + "." + strings.ToLower(probe)
			}
		}
	}
	return key
}

// explained is what a timeline has explained in full, by message key.
type explained map[string]bool

// explain returns the message for key in lang: in full the first time,
// and its shorter ".again" form, where there is one, after that; and the
// key of the body it gave (key, or key+".again").
func (e *explained) explain(lang, key string) (text.Section, string) {
	sec := Words.Get(lang, key)
	if (*e)[key] && Words.Has(key+".again") {
		again := Words.Get(lang, key+".again")
		return text.Section{Title: sec.Title, Body: again.Body}, key + ".again"
	}
	if *e == nil {
		*e = explained{}
	}
	(*e)[key] = true
	return sec, key
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
