// Package report shows a lesson run: to people (Human), or as JSON records
// to programs (JSON, docs/json.md), or both at once (Tee). It also reads a
// recording of those records back (ReadRecording) and plays it again
// (Recording.Replay, Play). The engine (internal/lessons) reports through
// a Reporter, with its texts as Line and Output. Saying a recording's
// texts again in another language needs a lesson's words, so package
// replay does that (replay.SayAgain). A new output format is a new
// Reporter.
package report

import (
	"time"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Annotation is one line of the live timeline: something Kubernetes did.
type Annotation struct {
	At        time.Duration `json:"-"`
	Seconds   float64       `json:"t"`
	Source    string        `json:"source"` // "event" or "pod"
	Pod       string        `json:"pod"`
	Container string        `json:"container,omitempty"`
	Reason    string        `json:"reason"`
	Label     string        `json:"label"`
	Text      string        `json:"text"`
	Message   string        `json:"message,omitempty"` // the raw event message
	Count     int32         `json:"count,omitempty"`
	Key       string        `json:"-"` // the message key of Label and Text (Said)
	Facts     text.Facts    `json:"-"` // and what filled them
	// ResourceVersion is the Pod's (source pod) or the Event's, as the
	// watch delivered the change this line tells.
	ResourceVersion string `json:"resourceVersion,omitempty"`
}

// Reporter shows a lesson as it runs: to people, or as NDJSON to programs.
type Reporter interface {
	Lesson(name, title string, intro Line)
	Step(n, of int, key, title string, body Line)
	Command(cmd string)
	// Output is what an action showed: a command's output, with the texts
	// kpod said inside it.
	Output(o Output)
	Manifest(file, yaml string)
	Event(a Annotation)
	Note(kind ui.Mark, l Line)
	Fact(key string, value any)
	Waiting(what string) (done func())
	Done(ok bool, elapsed time.Duration, title Line)
}

// Show reports o to rep: its output, and each of its notes at its place
// in it, on a line of its own.
func Show(rep Reporter, o Output) {
	last := 0
	for _, n := range o.Notes {
		if n.At > last {
			rep.Output(o.part(last, n.At))
			last = n.At
		}
		rep.Note(n.Mark, n.Line)
	}
	rep.Output(o.part(last, len(o.Text)))
}
