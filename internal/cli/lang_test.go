package cli

import (
	"context"
	"strings"
	"testing"
	"unicode"
)

// The language is --lang wherever it stands on the command line (the last
// one, given twice), else the environment (LC_ALL before LANG), and the
// same for a run, help and errors.
func TestLangChosenOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--lang", "ko", "run", "--dry-run"}, nil, "ko"},
		{[]string{"run", "--dry-run", "--lang", "ko"}, nil, "ko"},
		{[]string{"run", "--dry-run", "--lang=en"}, map[string]string{"LANG": "ko_KR.UTF-8"}, "en"},
		{[]string{"run", "--dry-run"}, map[string]string{"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"},
		{[]string{"run", "--dry-run"}, map[string]string{"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"},
		{[]string{"--lang", "ko"}, nil, "ko"},
		{[]string{"run", "--help"}, map[string]string{"LANG": "ko_KR.UTF-8"}, "ko"},
		{[]string{"--lang", "ko", "run", "--help"}, nil, "ko"},
		{[]string{"why", "--lang", "ko"}, nil, "ko"},
		{[]string{"--lang", "ko", "run", "--no-such-flag"}, nil, "ko"},
		{[]string{"why"}, map[string]string{"LC_ALL": "ko_KR.UTF-8"}, "ko"},
		{[]string{"why"}, nil, "en"},
		{[]string{"why"}, map[string]string{"KPOD_LANG": "fr"}, "en"},
		{[]string{"run", "--dry-run", "--lang", "en", "--lang", "ko"}, nil, "ko"},
		{[]string{"--lang", "en", "run", "--help", "--lang=ko"}, nil, "ko"},
	} {
		app, _, _ := newApp(nil)
		app.Getenv = func(k string) string { return tc.env[k] }
		r := run(t, app, context.Background(), tc.args...)
		got := "en"
		if strings.ContainsFunc(r.out+r.err, func(c rune) bool { return unicode.Is(unicode.Hangul, c) }) {
			got = "ko"
		}
		if got != tc.want {
			t.Errorf("%v %v: said in %s, want %s:\n%s%s", tc.args, tc.env, got, tc.want, r.out, r.err)
		}
	}
}

// A --lang that names no language of kpod's is refused once the flags are
// read, wherever it stands, in the environment's language (English when it
// names none of kpod's).
func TestBadLang(t *testing.T) {
	for _, env := range []string{"", "C.UTF-8"} {
		app, _, _ := newApp(nil)
		app.Getenv = func(k string) string { return map[string]string{"LANG": env}[k] }
		if r := run(t, app, context.Background(), "--lang", "fr"); r.code != 1 || r.err != "error: unknown language \"fr\": choose one of en, ko\n" {
			t.Errorf("LANG=%q: exit %d, stderr %q", env, r.code, r.err)
		}
	}
	const want = "오류: kpod는 \"fr\" 언어를 지원하지 않습니다. en, ko 중에서 고르세요\n"
	for _, args := range [][]string{
		{"--lang", "fr"},
		{"run", "--dry-run", "--lang=fr"},
		{"run", "--dry-run", "--lang", "ko", "--lang", "fr"},
		{"--lang", "fr", "help", "run"},
		{"version", "--lang", "fr"},
	} {
		app, _, _ := newApp(nil)
		app.Getenv = func(k string) string { return map[string]string{"LANG": "ko_KR.UTF-8"}[k] }
		r := run(t, app, context.Background(), args...)
		if r.code != 1 || r.err != want || r.out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1, %q", args, r.code, r.out, r.err, want)
		}
	}
}
