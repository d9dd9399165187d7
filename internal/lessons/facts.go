package lessons

import "github.com/kpod-dev/kpod/internal/text"

// Fact names something a run learns, of type T. A text reads it as
// {{.name}} (or {{fact "name"}} where the name is not a Go identifier),
// later steps with Get, and -o json reports it. Names keep the spelling
// the texts and -o json already use.
type Fact[T any] string

// Set records the fact and reports it.
func (f Fact[T]) Set(s *Session, v T) { s.Fact(string(f), v) }

// Get is the fact, or T's zero value while the run has not learned it.
func (f Fact[T]) Get(s *Session) T {
	v, _ := s.Known(string(f))
	t, _ := v.(T)
	return t
}

// Known reports whether the run has learned the fact.
func (f Fact[T]) Known(s *Session) bool {
	_, ok := s.Known(string(f))
	return ok
}

// The facts the engine learns about nodes.
const (
	NodeName        Fact[string] = "node"             // the node a node lesson works on
	KubeletConfig   Fact[string] = "kubelet-config"   // the kubelet's config file there
	StaticPodPath   Fact[string] = "staticPodPath"    // the kubelet's static Pod folder
	RuntimeEndpoint Fact[string] = "runtime-endpoint" // its container runtime's socket
	PausePID        Fact[int]    = "pause-pid"        // the sandbox (pause) process of the last Pod looked at
	StaticFile      Fact[string] = "static-file"      // the static Pod file kpod wrote
)

// factsCopy is a copy of what the run has learned.
func (s *Session) factsCopy() text.Facts {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(text.Facts, len(s.facts))
	for k, v := range s.facts {
		out[k] = v
	}
	return out
}
