//go:build browser

package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// chromium is the browser `make browser-test` installs (scripts/chromium).
func chromium(t *testing.T) string {
	bin := os.Getenv("KPOD_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("no browser at %s: run make browser-test (scripts/chromium installs Debian's chromium)", bin)
	}
	return bin
}

var replayStep = regexp.MustCompile(`(?m)^\[\d+/\d+\] .*$`)

// The page of each recorded run opens in a real browser with no console
// error and no request for anything, shows the steps `kpod replay FILE`
// shows, and plays: Next step and Play move the step count on.
func TestReplayPageInBrowser(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "replay", "*.json"))
	if len(files) == 0 {
		t.Fatal("no recordings in testdata/replay")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil { // starts the browser
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			app, _, _ := newApp(nil)
			app.Streams.OutWidth = 0
			app.Clock = lessontest.NewInstantClock(time.Now())
			term := run(t, app, context.Background(), "replay", f)
			app, _, _ = newApp(nil)
			html := run(t, app, context.Background(), "replay", f, "--html")
			if term.code != 0 || html.code != 0 {
				t.Fatalf("kpod replay: exit %d, %d: %s%s", term.code, html.code, term.err, html.err)
			}
			want := replayStep.FindAllString(term.out, -1)
			file := filepath.Join(dir, name+".html")
			if err := os.WriteFile(file, []byte(html.out), 0o644); err != nil {
				t.Fatal(err)
			}
			checkPage(t, bctx, file, want)
		})
	}
}

func checkPage(t *testing.T, bctx context.Context, file string, want []string) {
	ctx, cancel := chromedp.NewContext(bctx) // a tab of its own
	defer cancel()

	var mu sync.Mutex
	var problems []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, fmt.Sprintf("exception: %s (line %d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.LineNumber))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") {
				problems = append(problems, "the page asked for "+u)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()

	step := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Number(document.getElementById("count").getAttribute("data-step"))`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	click := func(id string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(id), chromedp.NodeVisible)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitVisible(chromedp.CSS("#play"))); err != nil {
		t.Fatal(err)
	}
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".step-title")).map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("the page's steps:\n%s\nkpod replay's:\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	if n := step(); n != 0 {
		t.Errorf("the page opens at step %d, want before the first", n)
	}
	// Next step, twice: the count moves on by one each time.
	for i := 1; i <= 2 && i <= len(want); i++ {
		if err := chromedp.Do(ctx, click("#next")); err != nil {
			t.Fatal(err)
		}
		if n := step(); n != i {
			t.Errorf("after %d clicks on Next step: step %d", i, n)
		}
	}
	// Play at 50x: the count moves on without a click.
	before := step()
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#speed"), "50"),
		chromedp.Steps(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`document.getElementById("speed").dispatchEvent(new Event("change"))`)(ctx, t)
			return err
		})),
		click("#play"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](fmt.Sprintf(`Number(document.getElementById("count").getAttribute("data-step")) > %d`, before),
				chromedp.WithPollingTimeout(30*time.Second))(ctx, t)
			return err
		}),
	)
	if err != nil && len(want) > before {
		t.Errorf("Play did not move the step count on from %d: %v", before, err)
	}
	if err := chromedp.Do(ctx, click("#all")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const all = Array.from(document.querySelectorAll("#lesson .item")); return [all.filter(e => !e.hidden).length, all.length]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != 2 || shown[0] != shown[1] || shown[1] == 0 {
		t.Errorf("Show all shows %v (shown, all) items", shown)
	}
	if n := step(); n != len(want) {
		t.Errorf("after Show all: step %d, want %d", n, len(want))
	}
	_ = chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)) // late console messages
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}
