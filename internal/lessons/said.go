package lessons

import (
	"errors"
	"sort"
	"strings"
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
	// In is the text said in every language kpod speaks, for a text that
	// its key and facts cannot say again: a drawing of the Pod, practice's
	// words. Key is empty then.
	In map[string]string `json:"in,omitempty"`
}

// SaidPiece is a text kpod said inside an output record, beside the
// quoted output around it: its words as shown (Text), and what they were
// made from.
type SaidPiece struct {
	Text  string            `json:"text"`
	Key   string            `json:"key,omitempty"`
	Facts text.Facts        `json:"facts,omitempty"`
	In    map[string]string `json:"in,omitempty"`
}

// sayer is a Reporter that keeps, for the texts it will be given, what
// each was made from.
type sayer interface {
	Said(rendered string, s Said)
}

// said remembers rendered texts and what they were made from, for a
// reporter that writes records; and the texts said since the last output,
// which that output may hold.
type said struct {
	mu     sync.Mutex
	m      map[string]Said
	recent []SaidPiece
}

func (d *said) Said(rendered string, s Said) {
	if rendered == "" || (s.Key == "" && s.In == nil) {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]Said{}
	}
	d.m[rendered] = s
	d.recent = append(d.recent, SaidPiece{Text: rendered, Key: s.Key, Facts: s.Facts, In: s.In})
}

// of is what rendered was made from, or nothing.
func (d *said) of(rendered string) Said {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m[rendered]
}

// forget drops the texts said so far from those an output may hold.
func (d *said) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.recent = nil
}

// pieces are the texts said since the last output that out holds, in the
// order it holds them, and forgets them all.
func (d *said) pieces(out string) []SaidPiece {
	d.mu.Lock()
	recent := d.recent
	d.recent = nil
	d.mu.Unlock()
	var ps []SaidPiece
	for _, f := range placePieces(out, recent) {
		ps = append(ps, f.p)
	}
	return ps
}

// placedPiece is a said text and where out holds it.
type placedPiece struct {
	at int
	p  SaidPiece
}

// placePieces finds where out holds each of ps, in the order out holds
// them. A text inside another said text's place in out (a text filled with
// another) is left to the outer one. Where out holds a text more than once
// (a table header word that kubectl's quoted table has too), the place
// nearest the texts already found is taken: texts said together sit together.
func placePieces(out string, ps []SaidPiece) []placedPiece {
	var fs []placedPiece
	taken := func(at, end int) bool {
		for _, f := range fs {
			if at < f.at+len(f.p.Text) && f.at < end {
				return true
			}
		}
		return false
	}
	distance := func(at int) int {
		best := -1
		for _, f := range fs {
			d := at - f.at
			if d < 0 {
				d = -d
			}
			if best < 0 || d < best {
				best = d
			}
		}
		return best
	}
	// whole says whether out holds a text at [at, end) as words of its
	// own, not inside a longer word (NAME in POD_NAME).
	whole := func(at, end int) bool {
		return !(at > 0 && wordByte(out[at-1]) && wordByte(out[at])) &&
			!(end < len(out) && wordByte(out[end-1]) && wordByte(out[end]))
	}
	better := func(at, than, n int) bool {
		if w, wt := whole(at, at+n), whole(than, than+n); w != wt {
			return w
		}
		return distance(at) < distance(than)
	}
	// Longest first: a text filled into another is found inside the outer
	// one's place and left to it; the same words elsewhere are its own.
	byLength := append([]SaidPiece(nil), ps...)
	sort.SliceStable(byLength, func(i, j int) bool { return len(byLength[i].Text) > len(byLength[j].Text) })
	for _, p := range byLength {
		if p.Text == "" {
			continue
		}
		best := -1
		for at := 0; at <= len(out); {
			n := strings.Index(out[at:], p.Text)
			if n < 0 {
				break
			}
			if !taken(at+n, at+n+len(p.Text)) && (best < 0 || better(at+n, best, len(p.Text))) {
				best = at + n
			}
			at += n + 1
		}
		if best >= 0 {
			fs = append(fs, placedPiece{best, p})
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].at < fs[j].at })
	return fs
}

func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// say tells the reporter what rendered was made from.
func (s *Session) say(rendered, key string, facts text.Facts) {
	if r, ok := s.Report.(sayer); ok {
		r.Said(rendered, Said{Key: key, Facts: facts})
	}
}

// SayEach returns the text in the session's language, and tells the
// reporter the text in every language kpod speaks, so that a replay in
// another language shows it in that one. It is for texts a message key
// and facts cannot say again: a drawing of the Pod as it was, a text of
// another package's messages.
func (s *Session) SayEach(say func(lang string) string) string {
	out := say(s.Lang)
	if r, ok := s.Report.(sayer); ok {
		in := map[string]string{}
		for _, lang := range text.Languages {
			in[lang] = say(lang)
		}
		r.Said(out, Said{In: in})
	}
	return out
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
