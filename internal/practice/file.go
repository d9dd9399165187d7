package practice

// Tasks as data: a YAML file of tasks (docs/tasks.md), one per lesson
// embedded next to it, or an instructor's own for `kpod practice -f`.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
)

// File is a file of tasks.
type File struct {
	// Name and Title name a file of one's own (kpod practice -f); a
	// lesson's file takes the lesson's.
	Name  string            `json:"name,omitempty"`
	Title map[string]string `json:"title,omitempty"`
	Tasks []TaskSpec        `json:"tasks"`
}

// TaskSpec is one task as written.
type TaskSpec struct {
	Key      string       `json:"key"`
	Node     bool         `json:"node,omitempty"`
	En       *TaskText    `json:"en"`
	Ko       *TaskText    `json:"ko"`
	Setup    string       `json:"setup,omitempty"` // manifests kpod applies before the task (drills)
	Check    CheckSpec    `json:"check"`
	Solution []Step       `json:"solution"`
	NearMiss []NearMissSp `json:"nearMiss"`
}

// TaskText is a task's texts in one language.
type TaskText struct {
	Title    string   `json:"title"`
	Text     string   `json:"text"`
	Hints    []string `json:"hints"`
	Solution string   `json:"solution"`
}

// Step is one step of a solution or near-miss: exactly one of apply
// (manifests), ready (wait until that Pod is Ready), exec, or delete
// (KIND/NAME: pod/web, service/db, configmap/app).
type Step struct {
	Apply  string    `json:"apply,omitempty"`
	Ready  string    `json:"ready,omitempty"`
	Exec   *ExecStep `json:"exec,omitempty"`
	Delete string    `json:"delete,omitempty"`
}

// ExecStep runs a command in a container, as kubectl exec does.
type ExecStep struct {
	Pod       string   `json:"pod"`
	Container string   `json:"container,omitempty"`
	Command   []string `json:"command"`
}

// NearMissSp is work right in all but one point the task names.
type NearMissSp struct {
	Differs string `json:"differs"` // the one point, in a line
	Steps   []Step `json:"steps"`
}

// CheckSpec is a task's check: one of pod, anyPod or staticPod, with
// conds: rules from the vocabulary (Vocabulary).
type CheckSpec struct {
	Pod       string     `json:"pod,omitempty"`
	AnyPod    bool       `json:"anyPod,omitempty"`
	StaticPod string     `json:"staticPod,omitempty"`
	Conds     []CondSpec `json:"conds,omitempty"`
}

// CondSpec is one of a check's conds: a rule's name alone ("ready") or a
// name with its argument ("image: web").
type CondSpec struct {
	Name string
	Arg  json.RawMessage
}

// UnmarshalJSON reads "name" or {"name": arg}.
func (c *CondSpec) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &c.Name); err == nil {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || len(m) != 1 {
		return fmt.Errorf("a condition is a name or one name with its argument, not %s", b)
	}
	for k, v := range m {
		c.Name, c.Arg = k, v
	}
	return nil
}

// MarshalJSON writes what UnmarshalJSON reads.
func (c CondSpec) MarshalJSON() ([]byte, error) {
	if c.Arg == nil {
		return json.Marshal(c.Name)
	}
	return json.Marshal(map[string]json.RawMessage{c.Name: c.Arg})
}

// Parse reads a file of tasks strictly: a field it does not know is an error.
func Parse(data []byte) (*File, error) {
	var f File
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		return nil, plainErr(err)
	}
	return &f, nil
}

// plainErr drops the decoders' own prefixes from err: the rest says it.
func plainErr(err error) error {
	msg := err.Error()
	for _, p := range []string{"error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
		msg = strings.Replace(msg, p, "", 1)
	}
	return errors.New(msg)
}

// Build makes the check a spec describes.
func (c CheckSpec) Build() (Check, error) {
	n := 0
	for _, set := range []bool{c.Pod != "", c.AnyPod, c.StaticPod != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("check: say exactly one of pod, anyPod, staticPod")
	}
	var rules []Rule
	for _, cs := range c.Conds {
		rule, err := cs.Build()
		if err != nil {
			return nil, err
		}
		rules = append(rules, rule)
	}
	switch {
	case c.StaticPod != "":
		if len(rules) > 0 {
			return nil, fmt.Errorf("check: staticPod takes no conds")
		}
		return StaticPod(c.StaticPod), nil
	case c.AnyPod:
		return AnyPod(rules...), nil
	}
	return Pod(c.Pod, rules...), nil
}

// Build makes the rule from the vocabulary.
func (c CondSpec) Build() (Rule, error) {
	v, ok := vocabulary[c.Name]
	if !ok {
		return nil, fmt.Errorf("unknown check %q (known: %s)", c.Name, strings.Join(VocabularyNames(), ", "))
	}
	if v.Arg == "" && c.Arg != nil && string(c.Arg) != "null" {
		return nil, fmt.Errorf("check %s takes no argument", c.Name)
	}
	if v.Arg != "" && !strings.HasPrefix(v.Arg, "optional") && c.Arg == nil {
		return nil, fmt.Errorf("check %s needs an argument: %s", c.Name, v.Arg)
	}
	rule, err := v.build(c.Arg)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", c.Name, err)
	}
	return rule, nil
}

// strict decodes a rule's argument, refusing fields it does not know.
func strict(raw json.RawMessage, into any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(into)
}

// words returns the text sections of the file's tasks, as a lesson's md files
// would hold them.
func (f *File) words() text.Text {
	out := text.Text{}
	for _, lang := range text.Languages {
		out[lang] = map[string]text.Section{}
	}
	for _, t := range f.Tasks {
		for lang, w := range map[string]*TaskText{"en": t.En, "ko": t.Ko} {
			if w == nil {
				continue
			}
			out[lang][TextKey(t.Key)] = text.Section{Title: w.Title, Body: strings.TrimSpace(w.Text)}
			for i, h := range w.Hints {
				out[lang][HintKey(t.Key, i+1)] = text.Section{Body: strings.TrimSpace(h)}
			}
			out[lang][SolutionKey(t.Key)] = text.Section{Body: strings.TrimSpace(w.Solution)}
		}
	}
	return out
}

// Set makes the file's tasks a Set of lesson l. The tasks' words stay on
// the Set (Set.Text); l is not changed. With l nil, the file is a lesson of
// its own (name, title).
func (f *File) Set(l *lessons.Lesson) (Set, error) {
	words := f.words()
	if l == nil {
		l = &lessons.Lesson{Name: f.Name, Text: text.Text{}}
		for _, t := range f.Tasks {
			l.Node = l.Node || t.Node
		}
		for lang, t := range f.Title {
			if t != "" {
				l.Text[lang] = map[string]text.Section{"title": {Title: t}}
			}
		}
	}
	for lang, secs := range words {
		for k := range secs {
			if _, has := l.Text[lang][k]; has {
				return Set{}, fmt.Errorf("practice %s: %s.md and tasks both have %q", l.Name, lang, k)
			}
		}
	}
	set := Set{Lesson: l, File: f, words: words}
	for _, ts := range f.Tasks {
		check, err := ts.Check.Build()
		if err != nil {
			return Set{}, fmt.Errorf("practice %s: task %s: %w", l.Name, ts.Key, err)
		}
		set.Tasks = append(set.Tasks, Task{Key: ts.Key, Node: ts.Node, Check: check, Setup: ts.Setup})
	}
	return set, set.Validate()
}

// Load returns each lesson's embedded tasks (tasks.yaml) as its Set, in the
// lessons' order; it panics on a bad file, a bug every test catches. It
// leaves the lessons unchanged.
func Load(ls []*lessons.Lesson) []Set {
	out := make([]Set, len(ls))
	for i, l := range ls {
		f, err := Parse(l.Tasks)
		if err == nil {
			out[i], err = f.Set(l)
		}
		if err != nil {
			panic(fmt.Sprintf("practice %s: tasks.yaml: %v", l.Name, err))
		}
	}
	return out
}

// Spec returns the task called key as written.
func (f *File) Spec(key string) (TaskSpec, bool) {
	for _, t := range f.Tasks {
		if t.Key == key {
			return t, true
		}
	}
	return TaskSpec{}, false
}

// VocabularyNames lists the rules a check may name, sorted.
func VocabularyNames() []string {
	var out []string
	for k := range vocabulary {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
