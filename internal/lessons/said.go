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

// Line is a text kpod says: its words in the run's language (Text) and
// what they were made from (Said), which a record carries so that kpod
// replay can say it again in another language.
type Line struct {
	Text string
	Said Said
}

// Plain is a line that is only its words: a replay shows it as it was.
func Plain(text string) Line { return Line{Text: text} }

// piece is l as a text said inside an output.
func (l Line) piece() SaidPiece {
	return SaidPiece{Text: l.Text, Key: l.Said.Key, Facts: l.Said.Facts, In: l.Said.In}
}

// inOutput keeps the texts an action put in its output (Session.InOutput)
// until the output is reported.
type inOutput struct {
	mu     sync.Mutex
	pieces []SaidPiece
}

func (o *inOutput) add(l Line) {
	if l.Text == "" || (l.Said.Key == "" && l.Said.In == nil) {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.pieces = append(o.pieces, l.piece())
}

// take returns the kept texts that out holds, in the order it holds them,
// and forgets them all.
func (o *inOutput) take(out string) []SaidPiece {
	o.mu.Lock()
	kept := o.pieces
	o.pieces = nil
	o.mu.Unlock()
	var ps []SaidPiece
	for _, f := range placePieces(out, kept) {
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

// Line is the lesson's text section key (else the engine's) in the
// session's language, filled from the facts and local, with what it was
// made from: the text's key, local and each function call's result.
func (s *Session) Line(key string, local text.Facts) Line {
	out, calls := s.expand(s.section(key).Body, local)
	return Line{Text: out, Said: Said{Key: key, Facts: calls}}
}

// SayEach is a line for a text that a message key and facts cannot say
// again: a drawing of the Pod as it was, a text of another package's
// messages. Its words are say's in the session's language; the record
// carries it said in every language kpod speaks, so that a replay in
// another language shows it in that one.
func (s *Session) SayEach(say func(lang string) string) Line {
	in := map[string]string{}
	for _, lang := range text.Languages {
		in[lang] = say(lang)
	}
	return Line{Text: say(s.Lang), Said: Said{In: in}}
}

// InOutput is the words of l, which an action puts in the output it
// returns: the output's record carries what l was made from, found by its
// words in the output (placePieces). An action that puts a text of its
// own in its output says so here.
func (s *Session) InOutput(l Line) string {
	s.said.add(l)
	return l.Text
}

// Output reports out, with the texts the action said in it (InOutput).
func (s *Session) Output(out string) {
	s.Report.Output(out, s.said.take(out))
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
