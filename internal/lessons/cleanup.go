package lessons

import (
	"context"
	"slices"
	"sort"
	"sync"
)

// tracker is what a run has made and must undo: objects, files on nodes
// and cleanup work.
type tracker struct {
	mu       sync.Mutex
	made     []objectRef
	files    []string // files kpod wrote on nodes and has not removed: "PATH (node NODE)"
	cleanups []func(context.Context) error
	// leftBehind is set when the cleanup could not remove everything.
	leftBehind bool
}

// add records an object, once; it reports whether it was new.
func (t *tracker) add(kind, name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.made {
		if r.Kind == kind && r.Name == name {
			return false
		}
	}
	t.made = append(t.made, objectRef{kind, name})
	return true
}

// forget drops an object that is already gone from the cleanup list.
func (t *tracker) forget(kind, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, r := range t.made {
		if r.Kind == kind && r.Name == name {
			t.made = append(t.made[:i], t.made[i+1:]...)
			return
		}
	}
}

// left lists what this run made and has not removed yet, objects as
// kind/name and files on nodes, for the line kpod prints when a second
// Ctrl-C stops its cleanup.
func (t *tracker) left() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, r := range t.made {
		out = append(out, r.String())
	}
	sort.Strings(out)
	return append(out, t.files...)
}

// wrote records (or, with gone, drops) a file kpod wrote on a node.
func (t *tracker) wrote(file string, gone bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.files = slices.DeleteFunc(t.files, func(f string) bool { return f == file })
	if !gone {
		t.files = append(t.files, file)
	}
}

// onCleanup registers work to undo at the end (run last-in, first-out),
// also after a failure or Ctrl-C, and also with --keep.
func (t *tracker) onCleanup(fn func(context.Context) error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, fn)
}

// work is a copy of the objects made and the cleanup work registered.
func (t *tracker) work() ([]objectRef, []func(context.Context) error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]objectRef(nil), t.made...), append([]func(context.Context) error(nil), t.cleanups...)
}

// failed notes that the cleanup could not remove everything.
func (t *tracker) failed() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.leftBehind = true
}

// keep says whether anything of this run stays behind.
func (t *tracker) keep() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.made) > 0 || t.leftBehind
}

// made records an object for cleanup, before it is created; a Pod the
// timeline starts to follow.
func (s *Session) made(kind, name string) {
	if s.undo.add(kind, name) && kind == "Pod" && s.timeline != nil {
		s.timeline.Track(name)
	}
}
