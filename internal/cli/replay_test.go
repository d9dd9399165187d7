package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// Each lesson was run once on the real test cluster with
// `kpod LESSON --no-color --record LESSON.json > LESSON.txt`; replaying
// the records, with no cluster or kubeconfig, prints what was on screen.
func TestReplayOfRealRuns(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "replay", "*.json"))
	if len(files) == 0 {
		t.Fatal("no recordings in testdata/replay")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		known := false
		for _, l := range all.Lessons {
			known = known || l.Name == name
		}
		if !known {
			t.Errorf("%s is no lesson's recording", f)
		}
		t.Run(name, func(t *testing.T) {
			base := strings.TrimSuffix(f, ".json")
			live, err := os.ReadFile(base + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			app, _, _ := newApp(nil) // NewClients fails: replay must not call it
			app.Streams.OutWidth = 0 // the recording's width: not a terminal
			clk := lessontest.NewInstantClock(time.Now())
			app.Clock = clk
			r := run(t, app, context.Background(), "replay", base+".json", "--kubeconfig", "/does/not/exist")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.err)
			}
			if got, want := lessontest.NormalizeTimes(r.out), lessontest.NormalizeTimes(string(live)); got != want {
				t.Errorf("replay differs from the live run:\n--- live\n%s\n--- replay\n%s", want, got)
			}
			// The replay waits and measures on the factory's clock: its
			// waits add up to the recording's length.
			var waited time.Duration
			for _, d := range clk.Waited() {
				waited += d
			}
			if want := recordedLength(t, base+".json"); waited != want {
				t.Errorf("the replay waited %v in all, want the recording's %v", waited, want)
			}
		})
	}
}

// recordedLength is the time of a recording's last record.
func recordedLength(t *testing.T, file string) time.Duration {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var last float64
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct{ T float64 }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		last = max(last, r.T)
	}
	return time.Duration(last * float64(time.Second))
}

// Bad input: one line in the command's language, exit 1.
func TestReplayRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	doctor := write("doctor.json", `{"check":"cluster","status":"ok","detail":"up"}`+"\n")
	v2 := write("v2.json", `{"type":"lesson","schema":"kpod.dev/v2","t":0,"lesson":"run","title":"x"}`+"\n")
	text := write("run.txt", "kpod run · Your first Pod\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"replay", filepath.Join(dir, "missing.json")}, "Cannot read the recording"},
		{[]string{"replay", text}, "Line 1 is not a kpod -o json record"},
		{[]string{"replay", doctor}, "Line 1 is not a kpod -o json record"},
		{[]string{"replay", v2}, "schema kpod.dev/v2"},
		{[]string{"replay", v2, "--lang", "ko"}, "이 kpod로 다시 기록하세요"},
		{[]string{"replay", text, "--speed", "0"}, "--speed must be more than 0"},
		{[]string{"replay"}, "a FILE is required"},
		{[]string{"replay", v2, "-o", "json"}, "does not take -o"},
	} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), tc.args...)
		if r.code == 0 || !strings.Contains(r.err, tc.want) || strings.Count(r.err, "\n") != 1 || r.out != "" && tc.args[len(tc.args)-1] != "json" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want one line with %q", tc.args, r.code, r.err, r.out, tc.want)
		}
	}
}

// --record keeps the human output on screen and writes the records that
// replay to it.
func TestRecordWhileShowing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients, _, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := practiceApp(t, clients) // progress in a temporary KPOD_HOME
	app.Streams.OutWidth = 0
	file := filepath.Join(t.TempDir(), "run.json")
	r := run(t, app, ctx, "run", "--record", file, "--lang", "ko")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.out, "kpod run · ") || strings.Contains(r.out, `"schema"`) {
		t.Fatalf("no human output on screen:\n%s", r.out)
	}
	rec, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	checkStream(t, string(rec), false)

	replay := practiceApp(t, nil)
	replay.Streams.OutWidth = 0
	replay.Clock = lessontest.NewInstantClock(time.Now())
	p := run(t, replay, context.Background(), "replay", file)
	if p.code != 0 {
		t.Fatalf("exit %d: %s", p.code, p.err)
	}
	if got, want := lessontest.NormalizeTimes(p.out), lessontest.NormalizeTimes(r.out); got != want {
		t.Errorf("replay differs from the live run:\n--- live\n%s\n--- replay\n%s", want, got)
	}
}

var (
	digits    = regexp.MustCompile(`[0-9]+`)
	hangul    = regexp.MustCompile(`\p{Hangul}`)
	entryLine = regexp.MustCompile(`^(\s*)\+T `)
)

// timelineApart splits a lesson's output into its lines, sorted (times
// and other digits made 0, without the practice hint), and the set of its
// timeline entries, each with its wrapped lines.
func timelineApart(out string) (string, map[string]bool) {
	var keep []string
	entries := map[string]bool{}
	entry, indent := "", -1
	flush := func() {
		if entry != "" {
			entries[entry] = true
		}
		entry, indent = "", -1
	}
	for _, l := range strings.Split(lessontest.NormalizeTimes(out), "\n") {
		l = digits.ReplaceAllString(l, "0")
		if m := entryLine.FindStringSubmatch(l); m != nil {
			flush()
			entry, indent = strings.TrimSpace(l), len(m[1])
			continue
		}
		if indent >= 0 && strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) > indent {
			entry += " " + strings.TrimSpace(l)
			continue
		}
		flush()
		if !strings.Contains(l, "kpod practice") {
			keep = append(keep, l)
		}
	}
	flush()
	sort.Strings(keep)
	return strings.Join(keep, "\n"), entries
}

// A run recorded in English replays in Korean with --lang ko: every text
// said again from its key and facts, as the Korean live run says it.
func TestReplayInAnotherLanguage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	record := func(lang string) (string, string) {
		clients, _, err := lessontest.FakeClients(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		app := practiceApp(t, clients)
		app.Streams.OutWidth = 0
		file := filepath.Join(t.TempDir(), "run."+lang+".json")
		r := run(t, app, ctx, "run", "--record", file, "--lang", lang)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		return file, r.out
	}
	en, _ := record("en")
	koFile, ko := record("ko")

	replay := practiceApp(t, nil)
	replay.Streams.OutWidth = 0
	replay.Clock = lessontest.NewInstantClock(time.Now())
	p := run(t, replay, context.Background(), "replay", en, "--lang", "ko")
	if p.code != 0 {
		t.Fatalf("exit %d: %s", p.code, p.err)
	}
	// Two fake runs may order a few timeline lines differently, and under
	// load one may end before a last Event of a short-lived Pod comes: the
	// lesson's own lines must be the same, sorted, without the practice
	// hint a live run adds at its end; a timeline entry the Korean run
	// missed must still be said in Korean.
	gotLines, gotEntries := timelineApart(p.out)
	wantLines, wantEntries := timelineApart(ko)
	if gotLines != wantLines {
		t.Errorf("the English recording said in Korean differs from the Korean run:\n--- live ko\n%s\n--- replay --lang ko\n%s", ko, p.out)
	}
	for e := range gotEntries {
		if !wantEntries[e] && !hangul.MatchString(e) {
			t.Errorf("a timeline entry of the replay not said in Korean: %s", e)
		}
	}
	if len(gotEntries) == 0 || len(wantEntries) == 0 {
		t.Errorf("no timeline: replay %d entries, live %d", len(gotEntries), len(wantEntries))
	}
	if strings.Contains(p.out, "Lesson complete") || !strings.Contains(p.out, "파드") {
		t.Errorf("English left in the Korean replay:\n%s", p.out)
	}

	// Unless a language is chosen, a recording plays in its own.
	for _, tc := range []struct {
		args   []string
		korean bool
	}{{nil, true}, {[]string{"--lang", "en"}, false}} {
		p := run(t, replay, context.Background(), append([]string{"replay", koFile}, tc.args...)...)
		if p.code != 0 || strings.Contains(p.out, "Lesson complete") != !tc.korean {
			t.Errorf("replay of a Korean recording %v: exit %d, want Korean %v:\n%s%s", tc.args, p.code, tc.korean, p.out, p.err)
		}
	}
}
