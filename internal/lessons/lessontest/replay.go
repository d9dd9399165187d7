package lessontest

import (
	"bytes"
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/report"
)

// Recorded reports a run both ways at once, as --record does: the plain
// human output to out and the JSON records to rec.
func Recorded(out, rec *bytes.Buffer, lang string, since func() time.Duration) report.Reporter {
	j := report.NewJSON(rec, since)
	j.Lang = lang
	return report.Tee(report.NewHuman(out), j)
}

// times are the run's relative times: an event's +1.2s (or +1m02s) and
// the closing line's (3.4s).
var times = regexp.MustCompile(`[+-]\d+\.\d+s|[+-]\d+m\d\ds|\(\d+(\.\d+)?(ms|s|m\d+(\.\d+)?s)\)|\(\d+m\d+s\)|\(\d+h[\dhms.]+\)`)

// NormalizeTimes replaces the relative times of human output with +T: the
// JSON records keep milliseconds and the screen tenths, so a time on the
// edge of a tenth may show one tenth apart.
func NormalizeTimes(s string) string { return times.ReplaceAllString(s, "+T") }

// Replayed plays recorded JSON back (no waiting) to plain human output.
func Replayed(t testing.TB, rec []byte) string {
	t.Helper()
	r, err := report.ReadRecording(bytes.NewReader(rec))
	if err != nil {
		t.Fatalf("reading the recording: %v", err)
	}
	var out bytes.Buffer
	err = r.Replay(context.Background(), report.NewHuman(&out), report.ReplayOptions{Clock: NewInstantClock(time.Now())})
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	return out.String()
}

// SameReplay fails the test unless the recorded JSON replays to the live
// human output, times normalised.
func SameReplay(t testing.TB, live string, rec []byte) {
	t.Helper()
	got, want := NormalizeTimes(Replayed(t, rec)), NormalizeTimes(live)
	if got != want {
		t.Errorf("the replay differs from the live run:\n--- live\n%s\n--- replay\n%s", want, got)
	}
}
