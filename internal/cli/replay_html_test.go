package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// --html writes one page to stdout, in the recording's language unless
// --lang says otherwise; --step with it is refused in one line.
func TestReplayHTML(t *testing.T) {
	file := "testdata/replay/multipod.json"
	for _, tc := range []struct {
		args  []string
		lang  string
		first string // the first step's title
	}{
		{[]string{"replay", file, "--html"}, `<html lang="en">`, "[1/7] Make a Pod with two containers"},
		{[]string{"replay", file, "--html", "--lang", "ko"}, `<html lang="ko">`, "[1/7] 컨테이너 두 개짜리 파드 만들기"},
	} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), tc.args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.err)
		}
		if !strings.HasPrefix(r.out, "<!DOCTYPE html>") || !strings.Contains(r.out, tc.lang) || !strings.Contains(r.out, tc.first) {
			t.Errorf("%v: not the lesson's page:\n%.300s", tc.args, r.out)
		}
	}
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "replay", file, "--html", "--step")
	if r.code == 0 || strings.Count(r.err, "\n") != 1 || !strings.Contains(r.err, "--step") {
		t.Errorf("--html --step: exit %d, stderr %q", r.code, r.err)
	}
}

// A lesson that draws, recorded on the fake cluster: the drawing is an
// output record, and both replays show it, the terminal's and the page.
func TestDrawingRecordedAndReplayed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exec := &lessontest.FakeExec{Answers: map[string]string{"hostname -i": "10.244.0.2\n", "wget -qO- http://localhost:80": "<html>hi</html>\n"}}
	clients, _, err := lessontest.FakeClients(ctx, exec)
	if err != nil {
		t.Fatal(err)
	}
	app := practiceApp(t, clients)
	app.Streams.OutWidth = 0
	file := filepath.Join(t.TempDir(), "multipod.json")
	if r := run(t, app, ctx, "multipod", "--record", file); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	const drawn = "node node-1 · IP 10.244.0.2"
	replay := practiceApp(t, nil)
	replay.Clock = lessontest.NewInstantClock(time.Now())
	if r := run(t, replay, context.Background(), "replay", file); r.code != 0 || !strings.Contains(r.out, drawn) {
		t.Errorf("the terminal replay lacks the drawing (exit %d):\n%s", r.code, r.out)
	}
	page := practiceApp(t, nil)
	if r := run(t, page, context.Background(), "replay", file, "--html"); r.code != 0 || !strings.Contains(r.out, drawn) || !strings.Contains(r.out, "╭─ pod/multipod") {
		t.Errorf("the page lacks the drawing (exit %d):\n%s", r.code, r.out)
	}
}
