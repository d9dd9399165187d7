package lessons

import (
	"errors"
	"sync"

	"github.com/kpod-dev/kpod/internal/text"
)

// Said is what a text was made from: its message key and the facts that
// filled it. A record carries it beside the rendered text, so kpod replay
// can say it again in another language. Facts holds the text's own facts
// and what its functions returned, by call ("ip webserver", "image web",
// "ns"); the run's facts are in the stream's fact records.
type Said struct {
	Key   string     `json:"key"`
	Facts text.Facts `json:"facts,omitempty"`
}

// sayer is a Reporter that keeps, for the texts it will be given, what
// each was made from.
type sayer interface {
	Said(rendered string, s Said)
}

// said remembers rendered texts and what they were made from, for a
// reporter that writes records.
type said struct {
	mu sync.Mutex
	m  map[string]Said
}

func (d *said) Said(rendered string, s Said) {
	if rendered == "" || s.Key == "" {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]Said{}
	}
	d.m[rendered] = s
}

// of is what rendered was made from, or nothing.
func (d *said) of(rendered string) (string, text.Facts) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := d.m[rendered]
	return s.Key, s.Facts
}

// say tells the reporter what rendered was made from.
func (s *Session) say(rendered, key string, facts text.Facts) {
	if r, ok := s.Report.(sayer); ok {
		r.Said(rendered, Said{Key: key, Facts: facts})
	}
}

// errorFacts are an error's message facts, for its record: its cause told
// in English as the fact Err. None for an error without a message key.
func errorFacts(err error) text.Facts {
	var e *text.Error
	if !errors.As(err, &e) || e.Key == "" {
		return nil
	}
	f := text.Facts{}
	for k, v := range e.Facts {
		if ev, ok := v.(error); ok {
			v = text.Tell(ev, "en")
		}
		f[k] = v
	}
	if e.Err != nil {
		f["Err"] = text.Tell(e.Err, "en")
	}
	return f
}
