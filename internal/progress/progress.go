// Package progress keeps, on the student's own machine, which lessons they
// ran and which practice tasks they solved, and when.
package progress

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/text"
)

// File is the progress file's name.
const File = "progress.json"

// Progress is the student's record. Its methods are safe to call at once.
type Progress struct {
	mu      sync.Mutex
	path    string
	Lessons map[string]*Lesson `json:"lessons"`
}

// Lesson is the record of one lesson.
type Lesson struct {
	Runs    int              `json:"runs,omitempty"`
	LastRun *time.Time       `json:"lastRun,omitempty"`
	Tasks   map[string]*Task `json:"tasks,omitempty"`
}

// Task is the record of one practice task.
type Task struct {
	Solved *time.Time `json:"solved,omitempty"` // the first time it held
	Hints  int        `json:"hints,omitempty"`  // how many hints the student saw
}

// Path is where progress is kept: $KPOD_HOME/progress.json, else
// $XDG_CONFIG_HOME/kpod/progress.json (~/.config/kpod on Linux).
func Path(getenv func(string) string) (string, error) {
	if d := getenv("KPOD_HOME"); d != "" {
		return filepath.Join(d, File), nil
	}
	d := getenv("XDG_CONFIG_HOME")
	if d == "" {
		// From getenv only, never the process's own HOME: tests give an
		// environment of their own, and must not reach the user's files.
		home := getenv("HOME")
		if home == "" {
			return "", words.Err("err.progress.home", nil)
		}
		d = filepath.Join(home, ".config")
	}
	return filepath.Join(d, "kpod", File), nil
}

// Load reads the progress at path; a missing file is an empty record.
func Load(path string) (*Progress, error) {
	p := &Progress{path: path, Lessons: map[string]*Lesson{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, words.Err("err.progress.read", nil).Because(err)
	}
	if err := json.Unmarshal(data, p); err != nil {
		return nil, words.Err("err.progress.damaged", text.Facts{"Path": path, "Why": err.Error()})
	}
	if p.Lessons == nil {
		p.Lessons = map[string]*Lesson{}
	}
	return p, nil
}

// Save writes the record, whole or not at all.
func (p *Progress) Save() error {
	p.mu.Lock()
	data, err := json.MarshalIndent(p, "", "  ")
	p.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return words.Err("err.progress.save", nil).Because(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p.path), ".progress-*.json")
	if err != nil {
		return words.Err("err.progress.save", nil).Because(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return words.Err("err.progress.save", nil).Because(err)
	}
	if err := tmp.Close(); err != nil {
		return words.Err("err.progress.save", nil).Because(err)
	}
	return os.Rename(tmp.Name(), p.path)
}

func (p *Progress) lesson(name string) *Lesson {
	l := p.Lessons[name]
	if l == nil {
		l = &Lesson{}
		p.Lessons[name] = l
	}
	if l.Tasks == nil {
		l.Tasks = map[string]*Task{}
	}
	return l
}

func (p *Progress) task(lesson, task string) *Task {
	l := p.lesson(lesson)
	t := l.Tasks[task]
	if t == nil {
		t = &Task{}
		l.Tasks[task] = t
	}
	return t
}

// Ran records that the student finished a lesson at t.
func (p *Progress) Ran(lesson string, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.lesson(lesson)
	l.Runs++
	t = t.UTC()
	l.LastRun = &t
}

// Solved records that a task held at t (the first time counts).
func (p *Progress) Solved(lesson, task string, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tk := p.task(lesson, task)
	if tk.Solved == nil {
		t = t.UTC()
		tk.Solved = &t
	}
}

// Hints is how many hints of a task the student saw.
func (p *Progress) Hints(lesson, task string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := p.Lessons[lesson]; l != nil && l.Tasks[task] != nil {
		return l.Tasks[task].Hints
	}
	return 0
}

// Hinted records that the student saw hint n of a task.
func (p *Progress) Hinted(lesson, task string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if tk := p.task(lesson, task); n > tk.Hints {
		tk.Hints = n
	}
}

// IsSolved reports whether a task was ever solved, and when.
func (p *Progress) IsSolved(lesson, task string) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := p.Lessons[lesson]; l != nil && l.Tasks[task] != nil && l.Tasks[task].Solved != nil {
		return *l.Tasks[task].Solved, true
	}
	return time.Time{}, false
}

// LastRun reports when a lesson was last finished.
func (p *Progress) LastRun(lesson string) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := p.Lessons[lesson]; l != nil && l.LastRun != nil {
		return *l.LastRun, true
	}
	return time.Time{}, false
}

// Parse reads a progress record from data (empty: an empty record), for
// progress kept elsewhere than in a file (a class keeps it in the
// student's namespace). Save does not work on it.
func Parse(data []byte) (*Progress, error) {
	p := &Progress{Lessons: map[string]*Lesson{}}
	if len(data) > 0 {
		if err := json.Unmarshal(data, p); err != nil {
			return nil, err
		}
	}
	if p.Lessons == nil {
		p.Lessons = map[string]*Lesson{}
	}
	return p, nil
}
