package page

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
)

// recordings are the real runs kpod replay's own tests play.
func recordings(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "cli", "testdata", "replay", "*.json"))
	if len(files) == 0 {
		t.Fatal("no recordings in internal/cli/testdata/replay")
	}
	return files
}

func read(t *testing.T, file string) *report.Recording {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := report.ReadRecording(f)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

var stepLine = regexp.MustCompile(`(?m)^\[(\d+/\d+)\] (.*)$`)

// The page has what the terminal replay shows: the same steps, commands
// and outputs, in order, at the times they were recorded; and it loads
// nothing from anywhere.
func TestPageOfEveryRecording(t *testing.T) {
	for _, file := range recordings(t) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			var term bytes.Buffer
			err := read(t, file).Replay(context.Background(), report.NewHuman(&term), report.ReplayOptions{Clock: lessontest.NewInstantClock(time.Now())})
			if err != nil {
				t.Fatal(err)
			}
			items, err := Items(context.Background(), read(t, file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, m := range stepLine.FindAllStringSubmatch(term.String(), -1) {
				want = append(want, m[1]+" "+m[2])
			}
			last := -1.0
			for _, it := range items {
				if it.Kind == "step" {
					got = append(got, fmt.Sprintf("%d/%d %s", it.N, it.Of, it.Title))
				}
				if it.Kind == "command" && !strings.Contains(term.String(), "$ "+it.Text) {
					t.Errorf("command %q is not in the terminal replay", it.Text)
				}
				if it.T < last {
					t.Errorf("%s item at %.3fs after one at %.3fs", it.Kind, it.T, last)
				}
				last = it.T
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) == 0 {
				t.Errorf("steps:\n%s\nthe terminal's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}

			var page bytes.Buffer
			if err := Write(context.Background(), &page, read(t, file), Options{}); err != nil {
				t.Fatal(err)
			}
			html := page.String()
			for _, bad := range []string{"src=", "href=", "<link", "@import", "url(", "//cdn", "http://", "https://"} {
				if strings.Contains(html, bad) && !strings.Contains(term.String(), bad) {
					t.Errorf("the page has %q: it must load nothing", bad)
				}
			}
			if n := strings.Count(html, `class="step-title"`); n != len(want) {
				t.Errorf("%d step headings on the page, want %d", n, len(want))
			}
		})
	}
}

func TestWordsInEveryLanguage(t *testing.T) {
	for _, m := range words.Missing() {
		t.Error(m)
	}
}

func TestProse(t *testing.T) {
	got := string(prose("Five parameters:\n- periodSeconds: how often\n  it probes\n- `failureThreshold`\n\nThen <b>."))
	want := "<p>Five parameters:</p><ul><li>periodSeconds: how often it probes</li><li><code>failureThreshold</code></li></ul><p>Then &lt;b&gt;.</p>"
	if got != want {
		t.Errorf("prose:\n%s\nwant:\n%s", got, want)
	}
}

// An item's time is its record's t, to the microsecond; a record written
// a little before the one ahead of it keeps the time of that one (the
// recording's clock never goes back).
func TestItemsAtTheirRecordsTime(t *testing.T) {
	rec, err := report.ReadRecording(strings.NewReader(`{"type":"lesson","schema":"` + report.SchemaVersion + `","t":0.0004,"lesson":"run","title":"Run"}
{"type":"command","t":1.2345,"command":"kubectl get pods"}
{"type":"note","t":1.2,"kind":"info","text":"written a little before"}
{"type":"done","t":61.5,"ok":true,"text":"done","seconds":61.5}
`))
	if err != nil {
		t.Fatal(err)
	}
	items, err := Items(context.Background(), rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, it := range items {
		got = append(got, it.T)
	}
	if want := []float64{0.0004, 1.2345, 1.2345, 61.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("times %v, want %v", got, want)
	}
}
