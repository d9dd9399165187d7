package text

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// fake finds a key's body with a function.
type fake func(lang, key string) string

func (f fake) Lookup(lang, key string) (Section, bool) { return Section{Body: f(lang, key)}, true }

func TestTell(t *testing.T) {
	words := fake(func(lang, key string) string {
		if lang == "ko" {
			return key + " 한국어 {{.Err}}"
		}
		return key + " english {{.Err}}"
	})
	inner := &Error{Key: "b", Words: words}
	outer := (&Error{Key: "a", Words: words}).Because(inner)
	if got := (Scene{Lang: "ko"}).Tell(outer); got != "a 한국어 b 한국어 <Err>" {
		t.Errorf("chain: %q", got)
	}
	if got := outer.Error(); got != "a english b english <Err>" {
		t.Errorf("Error(): %q", got)
	}
	// A name in front is kept, the rest is told.
	if got := (Scene{Lang: "ko"}).Tell(fmt.Errorf("pod/web: %w", inner)); got != "pod/web: b 한국어 <Err>" {
		t.Errorf("prefixed: %q", got)
	}
	// Words after it are kept too.
	if got := (Scene{Lang: "ko"}).Tell(fmt.Errorf("%w after 2m", inner)); got != "b 한국어 <Err> after 2m" {
		t.Errorf("suffixed: %q", got)
	}
	// errors.Join's errors are told one by one.
	if got := (Scene{Lang: "ko"}).Tell(errors.Join(errors.New("plain"), fmt.Errorf("x: %w", inner))); got != "plain\nx: b 한국어 <Err>" {
		t.Errorf("joined: %q", got)
	}
	if got := (Scene{Lang: "ko"}).Tell(errors.New("plain")); got != "plain" {
		t.Errorf("plain: %q", got)
	}
	if !HasKey(fmt.Errorf("x: %w", outer), "b") || Key(fmt.Errorf("x: %w", outer)) != "a" {
		t.Error("HasKey/Key do not see through wrapping")
	}
	if joined := errors.Join(errors.New("first"), fmt.Errorf("x: %w", outer)); !HasKey(joined, "b") || HasKey(joined, "z") {
		t.Error("HasKey does not see into errors.Join")
	}
	// An error among the facts is told in the same language.
	words = fake(func(lang, key string) string { return lang + key + "{{.Why}}" })
	if got := (&Error{Key: "c", Facts: Facts{"Why": &Error{Key: "d", Words: words}}, Words: words}).In(Scene{Lang: "ko"}); got != "kockod<Why>" {
		t.Errorf("fact: %q", got)
	}
}

// An error names kpod as the reader runs it, in its own words, its cause's
// and its facts'; as "kpod" where that is not known.
func TestTellNamesTheProgram(t *testing.T) {
	words := fake(func(lang, key string) string { return key + ": run `{{kpod}} doctor`{{.Err}}{{.Why}}" })
	inner := &Error{Key: "b", Facts: Facts{"Err": "", "Why": ""}, Words: words}
	outer := &Error{Key: "a", Facts: Facts{"Why": inner}, Err: fmt.Errorf("; %w", inner), Words: words}
	want := "a: run `kubectl kpod doctor`; b: run `kubectl kpod doctor`b: run `kubectl kpod doctor`"
	if got := (Scene{Program: "kubectl kpod"}).Tell(fmt.Errorf("%w", outer)); got != want {
		t.Errorf("told to a plugin's user: %q, want %q", got, want)
	}
	if got := outer.Error(); !strings.HasPrefix(got, "a: run `kpod doctor`;") {
		t.Errorf("Error(): %q", got)
	}
}

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		text, want string
		facts      Facts
		missing    string
		err        bool
	}{
		{text: "plain", want: "plain"},
		{text: "exit {{.ExitCode}}", facts: Facts{"ExitCode": 1}, want: "exit 1"},
		{text: "at {{.broke.at}}", facts: Facts{"broke.at": "10:00"}, want: "at 10:00"},
		{text: "{{.Typo}} and {{.a.b}}", want: "<Typo> and <a.b>", missing: "Typo a.b"},
		{text: "{{if .Ok}}yes{{end}}", facts: Facts{"Ok": true}, want: "yes"},
		{text: "{{.Unclosed", want: "{{.Unclosed", err: true},
	} {
		got, missing, err := Render(tc.text, nil, tc.facts)
		if got != tc.want || strings.Join(missing, " ") != tc.missing || (err != nil) != tc.err {
			t.Errorf("Render(%q) = %q, %v, %v", tc.text, got, missing, err)
		}
	}
}

// A sentinel Error given a cause stays as it was: Because copies.
func TestBecauseLeavesTheSentinel(t *testing.T) {
	sentinel := &Error{Key: "gone"}
	got := sentinel.Because(errors.New("why"))
	if sentinel.Err != nil {
		t.Errorf("the sentinel took the cause: %v", sentinel.Err)
	}
	if got.Err == nil || got.Key != "gone" {
		t.Errorf("the copy: %+v", got)
	}
}

// A key two Texts have is shadowed, in whichever language; their titles
// and intros are not.
func TestShadowed(t *testing.T) {
	parse := func(en, ko string) Text {
		a, _ := Parse([]byte(en))
		b, _ := Parse([]byte(ko))
		return Text{"en": a, "ko": b}
	}
	one := parse("# One\nintro\n## a\nA\n## b\nB", "# 하나\n## a\nA\n## b\nB")
	two := parse("# Two\nintro\n## c\nC", "# 둘\n## c\nC\n## b\nB")
	got := strings.Join(Texts{one, two}.Shadowed(), "; ")
	if want := `ko.md: "b" is in "One" and "Two"`; got != want {
		t.Errorf("Shadowed = %q, want %q", got, want)
	}
	if got := (Texts{one, parse("# Three", "# 셋")}).Shadowed(); got != nil {
		t.Errorf("only titles and intros in common, Shadowed = %q", got)
	}
}
