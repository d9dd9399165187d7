package lessons

import (
	"fmt"
	"strings"
	"sync"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Fact names something a run learns, of type T. A text reads it as
// {{.name}} (or {{fact "name"}} where the name is not a Go identifier),
// later steps with Get, and -o json reports it. Names keep the spelling
// the texts and -o json already use.
type Fact[T any] string

// Set records the fact and reports it.
func (f Fact[T]) Set(s *Session, v T) { s.Fact(string(f), v) }

// Get is the fact, or T's zero value while the run has not learned it.
func (f Fact[T]) Get(s *Session) T {
	v, _ := s.learned.Known(string(f))
	t, _ := v.(T)
	return t
}

// Known reports whether the run has learned the fact.
func (f Fact[T]) Known(s *Session) bool {
	_, ok := s.learned.Known(string(f))
	return ok
}

// The facts the engine learns about nodes.
const (
	NodeName        Fact[string] = "node"             // the node a node lesson works on
	KubeletConfig   Fact[string] = "kubelet-config"   // the kubelet's config file there
	staticPodPath   Fact[string] = "staticPodPath"    // the kubelet's static Pod folder
	runtimeEndpoint Fact[string] = "runtime-endpoint" // its container runtime's socket
	PausePID        Fact[int]    = "pause-pid"        // the sandbox (pause) process of the last Pod looked at
	staticFile      Fact[string] = "static-file"      // the static Pod file kpod wrote
)

// Processes is what PodProcesses found under a name (Processes("before")).
type Processes = Fact[[]kube.Proc]

// factBook is what a run has learned, and the text problems it met.
type factBook struct {
	mu       sync.Mutex
	facts    text.Facts
	problems []string
}

// Known returns a fact the run learned.
func (b *factBook) Known(name string) (any, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.facts[name]
	return v, ok
}

// Remember keeps v under key for later actions, without reporting it.
func (b *factBook) Remember(key string, v any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.facts == nil {
		b.facts = text.Facts{}
	}
	b.facts[key] = v
}

// factsCopy is a copy of what the run has learned.
func (b *factBook) factsCopy() text.Facts {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(text.Facts, len(b.facts))
	for k, v := range b.facts {
		out[k] = v
	}
	return out
}

// factText is {{fact "key"}}: the fact, or <key> while it is not known.
func (b *factBook) factText(key string) string {
	if v, _ := b.Known(key); v != nil && fmt.Sprint(v) != "" {
		return fmt.Sprint(v)
	}
	return "<" + key + ">"
}

func (b *factBook) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// problemsErr is an error listing the text problems met so far, of what,
// or nil.
func (b *factBook) problemsErr(what string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s: text problems:\n  %s", what, strings.Join(b.problems, "\n  "))
}
