// Package lessons is kpod's lesson engine: a lesson is data (text in two
// languages, manifests, an ordered list of steps) and the engine runs it on
// a cluster while a live timeline says what Kubernetes did.
package lessons

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// Lesson is one chapter of the course.
type Lesson struct {
	Name    string    // the subcommand
	Chapter int       // the course's chapter it belongs to, from 1
	Text    text.Text // title, intro, one section per step, in every language
	Tasks   []byte    // the practice tasks after the lesson (its tasks.yaml; package practice reads them)
	Options []Option  // lesson-specific flags
	// Node is set when the lesson runs commands on nodes (OnNode and the
	// other actions in node.go): kpod finds a way onto them first.
	Node bool
	// Steps returns the steps for the chosen option values, in order: each
	// option has one of its choices (the engine calls it through StepsFor).
	Steps func(v Values) []Step
}

// Option is a lesson flag that takes one of a few values.
type Option struct {
	Name    string
	Default string
	Choices []string
	Usage   string // text key
}

// Values are the lesson options a run uses, by option name: Choose gives
// each declared option one, its default where none was given.
type Values map[string]string

// Get returns the value of the option called name. It panics for a name the
// lesson does not declare: that is a bug in the lesson, found by its first
// test, rather than a silent "".
func (v Values) Get(name string) string {
	val, ok := v[name]
	if !ok {
		panic(fmt.Sprintf("lessons: no option %q among the lesson's options", name))
	}
	return val
}

// Step is one thing the student watches kpod do: the text section Key
// (its title and explanation), then each action with its kubectl command.
type Step struct {
	Key string
	Do  []Action
	// Facts fill the section's {{.Name}}s: what the lesson knows when it
	// makes its steps (the Pod an option chose), so a dry run says it too.
	Facts text.Facts
}

// Action is something kpod does in a step. Only the engine implements
// it: a lesson makes its actions from the vocabulary (Do, Then, Into and
// the rest).
type Action interface {
	// show returns the command a student would type to do the same ("" if none).
	show(s *Session) string
	// run does it and returns what to show the student.
	run(ctx context.Context, s *Session) (report.Output, error)
	// Plan says what it makes and changes, known before it runs.
	Plan() (Plan, error)
}

// Plan is what an action makes and changes on the cluster, and the facts
// it learns, known before it runs: a dry run shows its manifest and checks
// that a command names only facts an action before it learns, the run lock
// checks the objects it makes, and scripts/bench follows its Pods.
type Plan struct {
	File     string   // the manifest it applies ("" if none)
	Manifest []byte   // and its YAML
	Static   bool     // the manifest is written to a node as a static Pod
	Starts   string   // a Pod it creates without a manifest (kubectl run)
	Deletes  string   // a Pod it deletes on the way
	Waits    []string // the Pods it waits for (names may be templates)
	Changes  string   // a Pod whose container it changes by hand (kubectl exec X -- rm ...)
	Learns   []string // the facts it learns; a "*" stands for any name part (ContainerPID("*"))
}

// learns returns a Plan that learns the named facts, leaving out "" (no
// fact).
func learns(names ...string) Plan {
	var p Plan
	for _, n := range names {
		if n != "" {
			p.Learns = append(p.Learns, n)
		}
	}
	return p
}

// noPlan is the Plan of an action that makes and changes nothing (it reads,
// shows or draws); such an action embeds it.
type noPlan struct{}

// Plan returns an empty Plan.
func (noPlan) Plan() (Plan, error) { return Plan{}, nil }

// Title returns the lesson's title in lang.
func (l *Lesson) Title(lang string) string { return l.Text.Get(lang, "title").Title }

// Sources returns where a run of l looks up the key of a line it says, in
// order: its own words, then the engine's.
func (l *Lesson) Sources() text.Texts { return text.Texts{l.Text, words} }

// allows reports whether the option takes val: one of its choices, or
// anything when it has none. "" is no value (the default's).
func (o Option) allows(val string) bool {
	return len(o.Choices) == 0 || val == "" || slices.Contains(o.Choices, val)
}

// Choose returns the option values a run of l uses: given, plus each option's
// Default where given has none. A name that is not one of l's options, or a
// value not among an option's Choices, is an error.
func (l *Lesson) Choose(given Values) (Values, error) {
	v := Values{}
	for name := range given {
		if !slices.ContainsFunc(l.Options, func(o Option) bool { return o.Name == name }) {
			return nil, words.Err("err.lesson.option", text.Facts{"Lesson": l.Name, "Flag": "--" + name})
		}
	}
	for _, o := range l.Options {
		v[o.Name] = given[o.Name]
		if v[o.Name] == "" {
			v[o.Name] = o.Default
		}
		if !o.allows(v[o.Name]) {
			return nil, words.Err("err.lesson.choice", text.Facts{"Got": v[o.Name], "Flag": "--" + o.Name, "Want": strings.Join(o.Choices, ", ")})
		}
	}
	return v, nil
}

// StepsFor returns l's steps for the given option values, chosen as Choose
// does.
func (l *Lesson) StepsFor(given Values) ([]Step, error) {
	v, err := l.Choose(given)
	if err != nil {
		return nil, err
	}
	return l.Steps(v), nil
}

// Learns returns the names of the facts l's actions learn (their Plan's
// Learns), for its defaults and for each choice of each option, each name
// once. A "*" stands for any name part (ContainerPID("*")). Facts a
// lesson's own Go sets (in a Do) are not among them: no command names those.
func (l *Lesson) Learns() ([]string, error) {
	runs := []Values{l.Defaults()}
	for _, o := range l.Options {
		for _, c := range o.Choices {
			v, err := l.Choose(Values{o.Name: c})
			if err != nil {
				return nil, err
			}
			runs = append(runs, v)
		}
	}
	var names []string
	for _, v := range runs {
		for _, st := range l.Steps(v) {
			for _, a := range st.Do {
				p, err := a.Plan()
				if err != nil {
					return nil, err
				}
				for _, n := range p.Learns {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
		}
	}
	return names, nil
}

// Defaults returns the option values a lesson runs with when none are given.
func (l *Lesson) Defaults() Values {
	v, err := l.Choose(nil)
	if err != nil {
		panic(err) // a default not among its own choices
	}
	return v
}
