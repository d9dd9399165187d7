package replay

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// The places an output's record carries come back from the recording as
// they were written; said again in Korean, only kpod's NAME is, and the
// places follow the new words.
func TestOutputPlacesRoundTrip(t *testing.T) {
	words := text.Text{
		"en": {"title": {Title: "X"}, "intro": {Body: "Intro."}, "name": {Body: "NAME"}, "why": {Body: "It broke at {{.At}}."}},
		"ko": {"title": {Title: "엑스"}, "intro": {Body: "소개."}, "name": {Body: "이름"}, "why": {Body: "{{.At}}에 고장 났습니다."}},
	}
	l := &lessons.Lesson{Name: "x", Text: words}
	var j bytes.Buffer
	js := report.NewJSON(&j, func() time.Duration { return time.Second })
	js.Lang = "en"
	s := lessons.NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, l, lessons.Config{}, reportTo(js))
	js.Lesson("x", "X", s.View().Line("intro", nil))
	quoted := "NAME   READY\nweb    1/1\n\n"
	out := report.Quoted(quoted).Say(s.View().Line("name", nil)).Quote("\n").Say(s.View().Line("why", text.Facts{"At": "12:00"}))
	js.Output(out)

	rec, err := report.ReadRecording(&j)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range outputs(rec.Records) {
		if r.Text != out.Text || len(r.Said) != 2 || r.Said[0].At != out.Said[0].At || r.Said[1].At != out.Said[1].At || r.Said[0].Key != "name" {
			t.Errorf("read back %q %+v, want %q %+v", r.Text, r.Said, out.Text, out.Said)
		}
	}
	for _, r := range outputs(SayAgain(rec, "ko", func(string) *lessons.Lesson { return l }).Records) {
		if want := quoted + "이름\n12:00에 고장 났습니다."; r.Text != want {
			t.Errorf("said in Korean:\n%q\nwant\n%q", r.Text, want)
		}
		for _, p := range r.Said {
			if r.Text[p.At:p.At+len(p.Text)] != p.Text {
				t.Errorf("%s said again is not at %d in %q", p.Key, p.At, r.Text)
			}
		}
	}
}

// A text kpod said inside a command's output (an explanation under a
// table, a drawing) is said again in the replay's language; the quoted
// output around it, and a text of the cluster with the same words, stay.
func TestReplaySaysOutputTextsAgain(t *testing.T) {
	words := text.Text{
		"en": {"title": {Title: "X"}, "intro": {Body: "Intro."}, "why": {Body: "It broke at {{.At}}."}},
		"ko": {"title": {Title: "엑스"}, "intro": {Body: "소개."}, "why": {Body: "{{.At}}에 고장 났습니다."}},
	}
	l := &lessons.Lesson{Name: "x", Text: words}
	var j bytes.Buffer
	js := report.NewJSON(&j, func() time.Duration { return time.Second })
	js.Lang = "en"
	s := lessons.NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, l, lessons.Config{}, reportTo(js))
	js.Lesson("x", "X", s.View().Line("intro", nil))
	js.Command("kubectl get pod web")
	drawing := lessons.SayEach(s.Env.Lang, func(lang string) string { return "[" + lang + " drawing]\n" })
	js.Output(report.Quoted("NAME  STATUS\nweb   Running\n\n").Say(s.View().Line("why", text.Facts{"At": "12:00"})).Quote("\n").Say(drawing))
	js.Command("kubectl logs web")
	js.Output(report.Quoted("It broke at 12:00.\n")) // the container's own words
	s.Report.Note(ui.Info, lessons.SayEach(s.Env.Lang, func(lang string) string { return lang + " note" }))

	rec, err := report.ReadRecording(bytes.NewReader(j.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range SayAgain(rec, "ko", func(string) *lessons.Lesson { return l }).Records {
		switch r := x.(type) {
		case *report.OutputRecord:
			got = append(got, r.Text)
		case *report.NoteRecord:
			got = append(got, r.Text)
		}
	}
	want := []string{"NAME  STATUS\nweb   Running\n\n12:00에 고장 났습니다.\n[ko drawing]\n", "It broke at 12:00.\n", "ko note"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("said in Korean:\n%q\nwant:\n%q", got, want)
	}
	for _, r := range outputs(rec.Records) {
		if strings.HasPrefix(r.Text, "NAME") && len(r.Said) != 2 {
			t.Errorf("the output lists %d texts kpod said, want 2: %+v", len(r.Said), r.Said)
		}
	}
}

// A table of kpod's own words, said again in another language, keeps its
// columns lined up in display columns (a Hangul letter is two): said whole
// (Table), or, as kpod recorded tables before, cell by cell.
func TestReplayTableStaysAligned(t *testing.T) {
	words := text.Text{
		"en": {"title": {Title: "X"}, "intro": {Body: "Intro."}, "before": {Body: "BEFORE"}, "after": {Body: "AFTER"}, "name": {Body: "NAME"}},
		"ko": {"title": {Title: "엑스"}, "intro": {Body: "소개."}, "before": {Body: "전"}, "after": {Body: "후"}, "name": {Body: "이름"}},
	}
	l := &lessons.Lesson{Name: "x", Text: words}
	var j bytes.Buffer
	js := report.NewJSON(&j, func() time.Duration { return time.Second })
	js.Lang = "en"
	s := lessons.NewSession(runenv.Env{Lang: "en", Clock: clock.RealClock{}}, l, lessons.Config{}, reportTo(js))
	js.Lesson("x", "X", s.View().Line("intro", nil))
	js.Command("ps")
	js.Output(s.View().Table([]report.Line{s.View().Line("name", nil), s.View().Line("before", nil), s.View().Line("after", nil)},
		[][]report.Line{lessons.Plains("pause", "13354", "13354"), lessons.Plains("shell-container", "13437", "13874")}))
	table := kube.Columns([]string{"NAME", "BEFORE", "AFTER"}, [][]string{{"pause", "13354", "13354"}, {"shell-container", "13437", "13874"}})
	var cells []report.SaidPiece
	for _, key := range []string{"name", "before", "after"} {
		l := s.View().Line(key, nil)
		cells = append(cells, report.SaidPiece{Text: l.Text, At: strings.Index(table, l.Text), Said: report.Said{Key: key}})
	}
	js.Output(report.Output{Text: table, Said: cells})

	tables := 0
	for _, r := range outputs(inKorean(t, j.Bytes(), l)) {
		tables++
		if !strings.HasPrefix(r.Text, "이름 ") || !strings.Contains(r.Text, " 전 ") {
			t.Fatalf("not said in Korean:\n%s", r.Text)
		}
		var starts []string
		for _, line := range strings.Split(strings.TrimSuffix(r.Text, "\n"), "\n") {
			starts = append(starts, fmt.Sprint(cellStarts(line)))
		}
		for _, st := range starts[1:] {
			if st != starts[0] {
				t.Errorf("columns start at %v, want each line alike:\n%s", starts, r.Text)
				break
			}
		}
	}
	if tables != 2 {
		t.Errorf("%d tables replayed, want 2", tables)
	}
}

// cellStarts are the display columns where a table line's cells start.
func cellStarts(line string) []int {
	var at []int
	col, spaces := 0, 0
	for i, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if i == 0 || spaces >= 2 {
				at = append(at, col)
			}
			spaces = 0
		}
		col += ui.Width(string(r))
	}
	return at
}

// outputs are the output records of rs.
func outputs(rs []report.Record) []*report.OutputRecord {
	var out []*report.OutputRecord
	for _, r := range rs {
		if o, ok := r.(*report.OutputRecord); ok {
			out = append(out, o)
		}
	}
	return out
}

// A step's body and the closing line said with SayEach replay in another
// language: their records carry the text in every language.
func TestReplayStepAndDoneSaidEach(t *testing.T) {
	l := &lessons.Lesson{Name: "x", Text: text.Text{"en": {"intro": {Body: "Intro {{ns}}."}}, "ko": {"intro": {Body: "소개 {{ns}}."}}}}
	var j bytes.Buffer
	js := report.NewJSON(&j, func() time.Duration { return time.Second })
	js.Lang = "en"
	s := lessons.NewSession(runenv.Env{Lang: "en", Namespace: "kpod", Clock: clock.RealClock{}}, l, lessons.Config{}, reportTo(js))
	js.Lesson("x", "X", s.View().Line("intro", nil))
	js.Step(1, 1, "drawn", "Drawn", lessons.SayEach(s.Env.Lang, func(lang string) string { return lang + " body" }))
	js.Done(true, time.Second, lessons.SayEach(s.Env.Lang, func(lang string) string { return lang + " done" }))

	var got []string
	for _, x := range inKorean(t, j.Bytes(), l) {
		switch r := x.(type) {
		case *report.StepRecord:
			got = append(got, r.Body)
		case *report.DoneRecord:
			got = append(got, r.Text)
		}
	}
	if want := "ko body|ko done"; strings.Join(got, "|") != want {
		t.Errorf("said in Korean: %q, want %q", strings.Join(got, "|"), want)
	}
}

func reportTo(r report.Reporter) func(since func() time.Duration) report.Reporter {
	return func(func() time.Duration) report.Reporter { return r }
}

// No key is in two of the words a replay reads (the engine's, the way to
// the nodes', the report's, kube's, node's and kind's): which one it says would
// depend on their order.
func TestWordsNotShadowed(t *testing.T) {
	if s := words(nil).Shadowed(); s != nil {
		t.Error(strings.Join(s, "\n"))
	}
}

// A replay says a recorded note or error of any of the words a run
// records again: kube's and node's too, the engine's, the report's.
func TestRecordedWordsSaidAgain(t *testing.T) {
	facts := text.Facts{"Pod": "web", "Wait": "1s", "Cond": "Ready", "Status": "Pending"}
	for _, key := range []string{"err.kube.timeout", "err.node.helper.ended", "err.lesson.wait", "ui.waiting"} { // kube's, node's, the engine's
		line := (text.Scene{Lang: "en"}).Say(words(nil), key, facts)
		rec := &report.Recording{Lang: "en", Records: []report.Record{
			&report.NoteRecord{Text: line, Said: report.Said{Key: key, Facts: facts}},
			&report.ErrorRecord{Error: line, Code: key, Facts: facts},
		}}
		again := SayAgain(rec, "ko", nil).Records
		if note, err := again[0].(*report.NoteRecord).Text, again[1].(*report.ErrorRecord).Error; note == line || err == line {
			t.Errorf("%s said again in ko: note %q, error %q", key, note, err)
		}
	}
}

// inKorean is the run recorded in j said again in Korean, l the lesson.
func inKorean(t *testing.T, j []byte, l *lessons.Lesson) []report.Record {
	t.Helper()
	rec, err := report.ReadRecording(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return SayAgain(rec, "ko", func(string) *lessons.Lesson { return l }).Records
}
