package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/lessons/multipod"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// Every recorded run, said again with --lang ko, is Korean in all that kpod
// itself says: titles, bodies, notes, timeline lines, the closing line and
// the texts it said inside a command's output (drawings too). The rest of
// an output is quoted as the cluster printed it, and must hold none of
// kpod's own English sentences.
//
// The recordings in testdata/replay and internal/recordings are re-made on
// the test cluster (see TestReplayOfRealRuns). A recording made before
// output records listed what kpod said in them (no "said" in any output,
// no "in" in any note) cannot say its outputs again: those are skipped, and
// logged. A run recorded here on the fake cluster is checked in full.
func TestReplayEveryRecordingInKorean(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "replay", "*.json"))
	more, _ := filepath.Glob(filepath.Join("..", "recordings", "*.json"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no recordings")
	}
	own := kpodSentences(t)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(f, func(t *testing.T) { requireKoreanReplay(t, data, own) })
	}
	t.Run("fake multipod", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		exec := &lessontest.FakeExec{Answers: map[string]string{"hostname -i": "10.244.0.2\n", "wget -qO- http://localhost:80": "<html>hi</html>\n"}}
		clients, _, err := lessontest.FakeClients(ctx, exec)
		if err != nil {
			t.Fatal(err)
		}
		var out, rec bytes.Buffer
		s := lessontest.RecordedSession(multipod.Lesson, "en", nil, clients, &out, &rec)
		if err := s.Run(ctx); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		requireKoreanReplay(t, rec.Bytes(), own)
	})
}

// requireKoreanReplay fails when the recording said again in Korean has
// English that kpod says.
func requireKoreanReplay(t *testing.T, data []byte, own []string) {
	t.Helper()
	rec, err := report.ReadRecording(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	lesson := func(name string) *lessons.Lesson {
		for _, l := range all.Lessons {
			if l.Name == name {
				return l
			}
		}
		return nil
	}
	ko := replay.SayAgain(rec, "ko", lesson).Records
	check := func(what, s string) {
		for _, line := range strings.Split(prose(s), "\n") {
			if w := englishSentence(line); w != "" {
				t.Errorf("%s: English under --lang ko: %q in\n  %s", what, w, line)
			}
		}
	}
	for _, x := range ko {
		what := func(key string) string { return fmt.Sprintf("%T record %s", x, key) }
		switch r := x.(type) {
		case *report.LessonRecord:
			check(what(r.Title), r.Title+"\n"+r.Intro)
		case *report.StepRecord:
			check(what(r.Key), r.Title+"\n"+r.Body)
		case *report.NoteRecord:
			check(what(r.Key), r.Text)
		case *report.DoneRecord:
			check(what(r.Key), r.Text)
		case *report.EventRecord: // its text may quote the event's message
			check(what(r.Key), r.Label+"\n"+strings.ReplaceAll(r.Text, r.Message, ""))
		case *report.OutputRecord:
			what := what("")
			said, quoted := apart(r)
			check(what, said)
			// A table said in every language: its cells the same in
			// English are the cluster's, but none is kpod's English.
			for _, p := range r.Said {
				if _, ok := p.In["en"]; ok {
					quoted = append(quoted, p.Text)
				}
			}
			for _, q := range quoted {
				for _, s := range own {
					if strings.Contains(q, s) {
						t.Errorf("%s: kpod's English %q kept in the output:\n%s", what, s, q)
					}
				}
			}
		}
	}
}

// apart splits an output record into what kpod said in it and the quoted
// output around that, by the places of its said texts.
func apart(r *report.OutputRecord) (string, []string) {
	var said, quoted []string
	last := 0
	for _, p := range r.Said {
		quoted = append(quoted, r.Text[last:p.At])
		said = append(said, ownCells(p))
		last = p.At + len(p.Text)
	}
	return strings.Join(said, "\n"), append(quoted, r.Text[last:])
}

// ownCells is a said text without the cells it holds in English too: a
// table said in every language quotes the cluster's values (an
// environment variable's value) the same in each.
func ownCells(p report.SaidPiece) string {
	en, ok := p.In["en"]
	if !ok {
		return p.Text
	}
	same := map[string]bool{}
	for _, c := range cellSplit.Split(en, -1) {
		same[strings.TrimSpace(c)] = true
	}
	var own []string
	for _, c := range cellSplit.Split(p.Text, -1) {
		if c = strings.TrimSpace(c); !same[c] {
			own = append(own, c)
		}
	}
	return strings.Join(own, "\n")
}

// cellSplit splits a table into its cells: at a gap of two spaces or more,
// and at line ends.
var cellSplit = regexp.MustCompile(`\s{2,}|\n`)

// templateAction is a {{...}} of a text.
var templateAction = regexp.MustCompile(`\{\{[^}]*\}\}`)

// kpodSentences are the pieces of kpod's own English texts (every lesson's,
// the engine's, practice's and the drawings' words) that are English
// sentences by themselves, between code, quotes, facts and line ends.
func kpodSentences(t *testing.T) []string {
	t.Helper()
	texts := []text.Text{lessons.Words(), practice.Words(), text.MustLoad(os.DirFS(filepath.Join("..", "draw")))}
	for _, l := range all.Lessons {
		texts = append(texts, l.Text)
	}
	seen := map[string]bool{}
	var out []string
	for _, tx := range texts {
		for _, sec := range tx["en"] {
			body := templateAction.ReplaceAllString(sec.Title+"\n"+sec.Body, "\n")
			body = codeSpan.ReplaceAllString(body, "\n")
			for _, line := range strings.Split(body, "\n") {
				line = strings.TrimSpace(line)
				if englishSentence(line) != "" && !seen[line] {
					seen[line] = true
					out = append(out, line)
				}
			}
		}
	}
	return out
}
