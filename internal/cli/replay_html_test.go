package cli

import (
	"context"
	"strings"
	"testing"
)

// --html writes one page to stdout, in the recording's language unless
// --lang says otherwise; --step with it is refused in one line.
func TestReplayHTML(t *testing.T) {
	file := "testdata/replay/multipod.json"
	for _, tc := range []struct {
		args []string
		lang string
	}{
		{[]string{"replay", file, "--html"}, `<html lang="en">`},
		{[]string{"replay", file, "--html", "--lang", "ko"}, `<html lang="ko">`},
	} {
		app, _, _ := newApp(nil)
		r := run(t, app, context.Background(), tc.args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.err)
		}
		if !strings.HasPrefix(r.out, "<!DOCTYPE html>") || !strings.Contains(r.out, tc.lang) || !strings.Contains(r.out, "[1/7] Make a Pod with two containers") {
			t.Errorf("%v: not the lesson's page:\n%.300s", tc.args, r.out)
		}
	}
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "replay", file, "--html", "--step")
	if r.code == 0 || strings.Count(r.err, "\n") != 1 || !strings.Contains(r.err, "--step") {
		t.Errorf("--html --step: exit %d, stderr %q", r.code, r.err)
	}
}
