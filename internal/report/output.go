package report

import (
	"strings"

	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// Said is what a text was made from: its message key, its own facts,
// what each function it called returned, by call ("ip webserver", "image
// web", "fact pod-id"), and how it named kpod and the namespace ({{kpod}},
// {{ns}}). A record carries it beside the rendered text, so kpod replay
// can say it again in another language; the run's facts are in the
// stream's fact records.
type Said struct {
	Key       string            `json:"key,omitempty"`
	Facts     text.Facts        `json:"facts,omitempty"`
	Calls     map[string]string `json:"calls,omitempty"`
	Program   string            `json:"program,omitempty"`
	Namespace string            `json:"namespace,omitempty"`
	// In is the text said in every language kpod speaks, for a text that
	// its key and facts cannot say again: a drawing of the Pod (no Key), or
	// practice's lines, whose keys the lesson engine's words share with
	// other texts (Key kept beside it). A replay reads In first.
	In map[string]string `json:"in,omitempty"`
}

// said returns s, for the records that embed it.
func (s *Said) said() *Said { return s }

// fromFacts moves what a recording of an older kpod kept among the facts
// into Calls, Program and Namespace: each call ("ip webserver": a name
// with a space, which no fact has), "kpod" and "ns".
func (s *Said) fromFacts() {
	for k, v := range s.Facts {
		str, ok := v.(string)
		switch {
		case !ok:
			continue
		case k == "kpod":
			s.Program = str
		case k == "ns":
			s.Namespace = str
		case strings.Contains(k, " "):
			if s.Calls == nil {
				s.Calls = map[string]string{}
			}
			s.Calls[k] = str
		default:
			continue
		}
		delete(s.Facts, k)
	}
}

// SaidPiece is a text kpod said inside an output record, beside the
// quoted output around it: its words as shown (Text), their byte offset in
// the output's text (At), and what they were made from.
type SaidPiece struct {
	Text string `json:"text"`
	At   int    `json:"at"`
	Said
}

// Line is a text kpod says: its words in the run's language (Text) and
// what they were made from (Said), which a record carries so that kpod
// replay can say it again in another language.
type Line struct {
	Text string
	Said Said
}

// Plain returns a line that is only its words: a replay shows it as it was.
func Plain(text string) Line { return Line{Text: text} }

// Output is what an action shows: quoted output (a command's, the
// cluster's) with kpod's own texts in it, each where it was put.
type Output struct {
	Text string
	// Said are kpod's texts in Text, in their order there, each at its
	// place (SaidPiece.At); the rest of Text is quoted output.
	Said []SaidPiece
	// Notes are kpod's notes among the output (Note), in order, each at
	// its place in Text; Show reports them there.
	Notes []Note
}

// Note is a line kpod notes with a mark, at a byte offset of an output.
type Note struct {
	At   int
	Mark ui.Mark
	Line Line
}

// Quoted returns output that shows text as it is: a command's output, the
// cluster's words.
func Quoted(text string) Output { return Output{Text: text} }

// Quote returns o followed by text, quoted.
func (o Output) Quote(text string) Output {
	o.Text += text
	return o
}

// Say returns o followed by the words of l. The output's record carries them
// with what they were made from and where they are, so that a replay says
// them again in another language. A line of only words (Plain) is quoted.
func (o Output) Say(l Line) Output {
	if l.Text != "" && (l.Said.Key != "" || l.Said.In != nil) {
		p := SaidPiece{Text: l.Text, At: len(o.Text), Said: l.Said}
		o.Said = append(o.Said[:len(o.Said):len(o.Said)], p)
	}
	o.Text += l.Text
	return o
}

// Note returns o followed by the line l noted with mark, as Reporter.Note
// says it: on a line of its own, between the output before and after (Show).
func (o Output) Note(mark ui.Mark, l Line) Output {
	o.Notes = append(o.Notes[:len(o.Notes):len(o.Notes)], Note{At: len(o.Text), Mark: mark, Line: l})
	return o
}

// Then returns o followed by p.
func (o Output) Then(p Output) Output {
	said := o.Said[:len(o.Said):len(o.Said)]
	for _, q := range p.Said {
		q.At += len(o.Text)
		said = append(said, q)
	}
	notes := o.Notes[:len(o.Notes):len(o.Notes)]
	for _, n := range p.Notes {
		n.At += len(o.Text)
		notes = append(notes, n)
	}
	return Output{Text: o.Text + p.Text, Said: said, Notes: notes}
}

// part returns the output of o from byte from to byte to, without its notes.
func (o Output) part(from, to int) Output {
	p := Output{Text: o.Text[from:to]}
	for _, q := range o.Said {
		if q.At >= from && q.At+len(q.Text) <= to {
			q.At -= from
			p.Said = append(p.Said, q)
		}
	}
	return p
}

// Placed returns o's said texts if each is at its place in Text, in order,
// else nil: a record edited by hand is told as it was written.
func (o Output) Placed() []SaidPiece {
	end := 0
	for _, p := range o.Said {
		if p.At < end || p.At+len(p.Text) > len(o.Text) || o.Text[p.At:p.At+len(p.Text)] != p.Text {
			return nil
		}
		end = p.At + len(p.Text)
	}
	return o.Said
}
