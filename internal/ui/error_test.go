package ui

import (
	"errors"
	"fmt"
	"testing"
)

func TestTell(t *testing.T) {
	old := Texts
	defer func() { Texts = old }()
	Texts = func(lang, key string, facts map[string]any) string {
		if lang == "ko" {
			return fmt.Sprintf("%s 한국어 %v", key, facts["Err"])
		}
		return fmt.Sprintf("%s english %v", key, facts["Err"])
	}
	inner := Err("b", nil)
	outer := Err("a", nil).Because(inner)
	if got := Tell(outer, "ko"); got != "a 한국어 b 한국어 <nil>" {
		t.Errorf("chain: %q", got)
	}
	if got := outer.Error(); got != "a english b english <nil>" {
		t.Errorf("Error(): %q", got)
	}
	// A name in front is kept, the rest is told.
	if got := Tell(fmt.Errorf("pod/web: %w", inner), "ko"); got != "pod/web: b 한국어 <nil>" {
		t.Errorf("prefixed: %q", got)
	}
	// Words around it that are not a plain prefix: the error's own text.
	if got := Tell(fmt.Errorf("%w after 2m", inner), "ko"); got != "b english <nil> after 2m" {
		t.Errorf("suffixed: %q", got)
	}
	if got := Tell(errors.New("plain"), "ko"); got != "plain" {
		t.Errorf("plain: %q", got)
	}
	if !HasKey(fmt.Errorf("x: %w", outer), "b") || Key(fmt.Errorf("x: %w", outer)) != "a" {
		t.Error("HasKey/Key do not see through wrapping")
	}
	// An error among the facts is told in the same language.
	Texts = func(lang, key string, facts map[string]any) string { return lang + key + fmt.Sprint(facts["Why"]) }
	if got := Err("c", F{"Why": Err("d", nil)}).In("ko"); got != "kockod<nil>" {
		t.Errorf("fact: %q", got)
	}
}
