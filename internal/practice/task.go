// Package practice runs a lesson's practice tasks: the student works with
// plain kubectl in another terminal while kpod narrates their Pods and
// checks each task on every change its watch sees.
//
// A task is data kept next to its lesson, in its tasks.yaml (file.go,
// docs/tasks.md): its words in en and ko, and a check whose conds name
// rules from the vocabulary here (vocab.go).
// The engine knows no lesson by name.
//
// Where things are: coach.go is the Coach (a dry run, --check, hints) and
// live.go its live practice (the watches, a check on every change);
// fill.go fills a text from a World, which task.go defines; rules*.go and
// nodes.go hold the rules a check is built from; diagnosis.go tells what
// is wrong with a Pod; maker.go makes a drill's objects; reset.go empties
// the namespace; lint.go checks a file of tasks; report.go shows it all,
// to people or as JSON.
package practice

import (
	"context"
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// Set is the practice of one lesson.
type Set struct {
	Lesson *lessons.Lesson
	Tasks  []Task
	File   *File // the tasks as written (tasks.yaml)
	words  text.Text
}

// Text returns the section key in lang: from the tasks' words, else the
// lesson's texts (English when lang lacks it).
func (s Set) Text(lang, key string) text.Section {
	sec, _ := s.lookup(lang, key)
	return sec
}

// lookup is like Text, and also reports whether key exists.
func (s Set) lookup(lang, key string) (text.Section, bool) {
	if sec, ok := s.words.Lookup(lang, key); ok {
		return sec, true
	}
	return s.Lesson.Text.Lookup(lang, key)
}

// has says whether key is a section of the tasks or the lesson.
func (s Set) has(key string) bool {
	_, ok := s.lookup("en", key)
	return ok
}

// hintCount returns how many hints t has, the solution included.
func (s Set) hintCount(t Task) int {
	n := 1
	for s.has(HintKey(t.Key, n)) {
		n++
	}
	return n
}

// Words returns the tasks' own sections (tasks.yaml), by language.
func (s Set) Words() text.Text { return s.words }

// Task is one thing the student does.
type Task struct {
	Key   string // text sections practice.<Key>...
	Node  bool   // the student needs access to a node's files
	Check Check
	Setup string // manifests kpod applies in the namespace before the task (a drill's broken objects)
}

// Check judges the namespace as it is now; ctx ends what it asks the
// cluster's nodes.
type Check func(ctx context.Context, w *World) Result

// World is what a check sees: the practice namespace's objects.
type World struct {
	Namespace string
	// Scene is the student's: kpod as they run it ({{kpod}}), their
	// language. A text filled from the World says Namespace for {{ns}}.
	Scene    text.Scene
	Pods     []*corev1.Pod
	Services []*corev1.Service
	Events   []*corev1.Event
	Images   map[string]string // image of each role
	Now      time.Time
	// Nodes reaches the cluster's nodes for node tasks; nil where the
	// cluster or the student's rights give no way.
	Nodes *Nodes
}

// Pod returns the Pod called name, or nil.
func (w *World) Pod(name string) *corev1.Pod {
	for _, p := range w.Pods {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// EventsOf returns the Events about this very Pod (same UID).
func (w *World) EventsOf(p *corev1.Pod) []*corev1.Event {
	var out []*corev1.Event
	for _, e := range w.Events {
		if e.InvolvedObject.Kind == "Pod" && e.InvolvedObject.Name == p.Name && (e.InvolvedObject.UID == "" || e.InvolvedObject.UID == p.UID) {
			out = append(out, e)
		}
	}
	return out
}

// Result is what a check found.
type Result struct {
	OK  bool
	Pod string // the Pod it judged, if any
	Why *Why   // why it does not hold (nil when OK)
	// Recheck is when the task holds if nothing changes before then (a
	// probe that must pass for a while); zero if not waiting on time.
	Recheck time.Time
}

// say returns why r does not hold, told in sc.
func (r Result) say(sc text.Scene) string {
	if r.Why == nil {
		return ""
	}
	return sc.Say(words, "why."+r.Why.Key, r.Why.Facts)
}

// Why says why a rule does not hold: the message "why."+Key, filled with
// Facts, as a text.Error's key and facts.
type Why struct {
	Key   string
	Facts text.Facts
	// At is when it will hold if nothing changes (zero: not a matter of time).
	At time.Time
}

func why(key string, facts text.Facts) *Why { return &Why{Key: key, Facts: facts} }

// err returns w as an error: its message, told in the reader's language.
func (w *Why) err() *text.Error { return words.Err("why."+w.Key, w.Facts) }

// Rule is one thing a task asks of a Pod (one of its check's conds in
// tasks.yaml): it judges the Pod and says why not, or nil when the Pod
// keeps it. ctx ends what it asks the cluster's nodes.
type Rule func(ctx context.Context, w *World, p *corev1.Pod) *Why

// Pod checks the Pod called name against every rule, in order.
func Pod(name string, rules ...Rule) Check {
	return func(ctx context.Context, w *World) Result {
		p := w.Pod(name)
		if p == nil {
			return Result{Why: why("no-pod", text.Facts{"Pod": name})}
		}
		_, res := judge(ctx, w, p, rules)
		return res
	}
}

// AnyPod holds when some Pod keeps every rule. When none does, it
// reports the Pod that came closest (kept the most rules in order); a
// Pod that fails the first rule is not a try at the task at all.
func AnyPod(rules ...Rule) Check {
	return func(ctx context.Context, w *World) Result {
		pods := append([]*corev1.Pod(nil), w.Pods...)
		sort.Slice(pods, func(i, j int) bool { return pods[i].Name < pods[j].Name })
		best, bestN := Result{Why: why("no-pods", text.Facts{"Namespace": w.Namespace})}, 0
		for _, p := range pods {
			n, res := judge(ctx, w, p, rules)
			if res.OK {
				return res
			}
			if n > bestN {
				best, bestN = res, n
			}
		}
		return best
	}
}

// judge returns how many rules held before the first that did not, and the result.
func judge(ctx context.Context, w *World, p *corev1.Pod, rules []Rule) (int, Result) {
	for i, r := range rules {
		if y := r(ctx, w, p); y != nil {
			if y.Facts == nil {
				y.Facts = text.Facts{}
			}
			if _, ok := y.Facts["Pod"]; !ok {
				y.Facts["Pod"] = p.Name
			}
			return i, Result{Pod: p.Name, Why: y, Recheck: y.At}
		}
	}
	return len(rules), Result{OK: true, Pod: p.Name}
}

// Validate reports a task set that cannot work: a task without a check or
// without its text in some language.
func (s Set) Validate() error {
	seen := map[string]bool{}
	for _, t := range s.Tasks {
		if t.Check == nil {
			return fmt.Errorf("practice %s: task %s has no check", s.Lesson.Name, t.Key)
		}
		if seen[t.Key] {
			return fmt.Errorf("practice %s: task %s appears twice", s.Lesson.Name, t.Key)
		}
		seen[t.Key] = true
		for _, lang := range text.Languages {
			for _, key := range []string{TextKey(t.Key), SolutionKey(t.Key), HintKey(t.Key, 1)} {
				if _, ok := s.words[lang][key]; !ok {
					return fmt.Errorf("practice %s: %s.md has no section %q", s.Lesson.Name, lang, key)
				}
			}
		}
	}
	return nil
}

// TextKey returns the key of the section with a task's title and what to do.
func TextKey(task string) string { return "practice." + task }

// HintKey returns the key of the section with a task's n-th hint (from 1).
func HintKey(task string, n int) string { return fmt.Sprintf("practice.%s.hint.%d", task, n) }

// SolutionKey returns the key of the section with a task's solution, its last
// hint.
func SolutionKey(task string) string { return "practice." + task + ".solution" }

// Find returns the task called key.
func (s Set) Find(key string) (Task, bool) {
	for _, t := range s.Tasks {
		if t.Key == key {
			return t, true
		}
	}
	return Task{}, false
}

// Keys lists the tasks' keys in order.
func (s Set) Keys() []string {
	out := make([]string, len(s.Tasks))
	for i, t := range s.Tasks {
		out[i] = t.Key
	}
	return out
}
