package timeline

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// narrator says what a change to a Pod, or an Event, means: the words of
// a timeline's lines. It keeps what it has said (Event counts, ended
// containers, texts explained in full) so that it says each thing once.
type narrator struct {
	lang          string
	origin, since time.Time // +0.0s; older Events are history and are skipped
	clock         clock.PassiveClock
	problem       func(string) // a text that did not render (may be nil)
	replay        bool         // the watch has not synced yet: what is seen is history

	counts    map[types.UID]int32 // Event counts already told
	ended     map[string]bool     // terminated container IDs already told
	explained explained           // the message keys explained in full
}

func (n *narrator) at(ts time.Time) time.Duration {
	now := n.clock.Now()
	if !ts.IsZero() && now.Sub(ts) > 3*time.Second {
		return ts.Sub(n.origin) // history: when it happened
	}
	return now.Sub(n.origin)
}

// allFacts returns f plus every other fact a timeline text reads, empty.
func allFacts(f text.Facts) text.Facts {
	all := text.Facts{"Pod": "", "Container": "", "Node": "", "IP": "", "Message": "", "Image": "", "Status": "",
		"Reason": "", "Phase": "", "Count": int32(0), "ExitCode": int32(0), "Restarts": int32(0)}
	for k, v := range f {
		all[k] = v
	}
	return all
}

// fill renders a message with what the timeline knows of a Pod or Event:
// every fact a timeline text reads, those f lacks empty.
func (n *narrator) fill(body string, f text.Facts) string {
	all := allFacts(f)
	out, missing, err := text.Render(body, nil, all)
	if (err != nil || len(missing) > 0) && n.problem != nil {
		n.problem(fmt.Sprintf("message %q: %v %v", body, missing, err))
	}
	return out
}

// note returns the annotation of message key about pod (and container), which
// happened at at (zero: now).
func (n *narrator) note(pod *corev1.Pod, container, key string, at time.Time, f text.Facts) report.Annotation {
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
	sec, said := n.explained.explain(n.lang, key)
	reason, _, _ := strings.Cut(n.fill(words.Get("en", key).Title, f), " ") // stable across languages
	return report.Annotation{At: n.at(at), Source: "pod", Pod: pod.Name, Container: container,
		Reason: reason, Label: n.fill(sec.Title, f), Text: n.fill(sec.Body, f), ResourceVersion: pod.ResourceVersion,
		Key: said, Facts: f}
}

var assignedTo = regexp.MustCompile(`assigned \S+ to (\S+)`)
var quoted = regexp.MustCompile(`"([^"]+)"`)

// event returns the line of ev about pod (nil: not seen), and false if it
// says nothing new.
func (n *narrator) event(ev *corev1.Event, p *corev1.Pod) (report.Annotation, bool) {
	obj := ev.InvolvedObject
	if p != nil && obj.UID != "" && p.UID != "" && obj.UID != p.UID {
		return report.Annotation{}, false // about an earlier Pod of that name
	}
	when := kube.EventLast(ev)
	if !n.since.IsZero() && when.Before(n.since) {
		return report.Annotation{}, false
	}
	count := kube.EventCount(ev)
	if seen, ok := n.counts[ev.UID]; ok && seen >= count {
		return report.Annotation{}, false
	}
	n.counts[ev.UID] = count
	msg, container := strings.TrimSpace(ev.Message), ""
	v := text.Facts{"Pod": obj.Name, "Message": msg, "Count": count}
	if p != nil {
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
	if !words.Has(key) && msg != "" {
		key, v["Reason"] = "event.other", ev.Reason // its message, in a sentence of the reader's language
	}
	a := report.Annotation{At: n.at(when), Source: "event", Pod: obj.Name, Container: container,
		Reason: ev.Reason, Label: ev.Reason, Text: msg, Message: msg, Count: count, ResourceVersion: ev.ResourceVersion}
	if words.Has(key) {
		sec, said := n.explained.explain(n.lang, key)
		a.Label, a.Text = n.fill(sec.Title, v), n.fill(sec.Body, v)
		a.Key, a.Facts = said, v
	}
	return a, true
}

// eventKey returns the message key that explains ev. A probe failure is
// explained by the kind of probe that failed, since each has its own
// consequence.
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
	sec := words.Get(lang, key)
	if (*e)[key] && words.Has(key+".again") {
		again := words.Get(lang, key+".again")
		return text.Section{Title: sec.Title, Body: again.Body}, key + ".again"
	}
	if *e == nil {
		*e = explained{}
	}
	(*e)[key] = true
	return sec, key
}
