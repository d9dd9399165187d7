package all_test

import (
	"io"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// learned is the facts l learns (Lesson.Learns), a "*" in a name made
// "app". It fails t if one is not a name l learns.
func learned(t testing.TB, l *lessons.Lesson) []string {
	t.Helper()
	patterns, err := l.Learns()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range patterns {
		n := strings.ReplaceAll(p, "*", "app")
		if !slices.ContainsFunc(patterns, func(p string) bool { ok, _ := path.Match(p, n); return ok }) {
			t.Fatalf("%s: fact %q is not one the lesson learns (%v)", l.Name, n, patterns)
		}
		names = append(names, n)
	}
	return names
}

// The facts FuzzLessonTexts sets are the lessons' own: static learns the
// kubelet's static Pod folder.
func TestLessonsLearn(t *testing.T) {
	for _, l := range all.Lessons {
		if got := learned(t, l); l.Name == "static" && !slices.Contains(got, string(lessons.StaticPodPath)) {
			t.Errorf("static learns %v, not %s", got, lessons.StaticPodPath)
		}
	}
}

// Every lesson's texts, filled with odd facts (as a cluster may name Pods,
// nodes and images) and each fact the lesson learns set to the same, render
// in both languages and show the values as they are.
func FuzzLessonTexts(f *testing.F) {
	for _, s := range []string{"kpod-e2e", "노드", "{{.ip}}", "10.0.0.1", "a\nb", ""} {
		f.Add(s)
	}
	facts := map[string][]string{}
	for _, l := range all.Lessons {
		facts[l.Name] = learned(f, l)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, l := range all.Lessons {
			for _, lang := range text.Languages {
				s := lessontest.FakeSession(l, nil, nil, io.Discard)
				s.Env.Lang, s.Config.Strict = lang, false
				for _, k := range facts[l.Name] {
					lessons.Fact[string](k).Set(s, v)
				}
				for key := range l.Text["en"] {
					out := s.View().Line(key, text.Facts{"Pod": v, "Node": v, "Message": v}).Text
					if strings.Contains(out, "{{") && !strings.Contains(v, "{{") && !strings.Contains(l.Text.Get(lang, key).Body, "`{{") {
						t.Errorf("%s %s/%s: a template was left in the text:\n%s", l.Name, lang, key, out)
					}
				}
			}
		}
	})
}

// Lesson option values as a user types them (--mechanism=..., --pattern=...):
// a value kpod takes is one of the choices; one it refuses gets one line
// listing the choices, with its code; a name the lesson does not have is
// refused, never a panic.
func FuzzOptions(f *testing.F) {
	for _, l := range all.Lessons {
		for _, o := range l.Options {
			for _, c := range append(o.Choices, "", " "+o.Default, strings.ToUpper(o.Default), "사이드카") {
				f.Add(l.Name, o.Name, c)
			}
		}
		f.Add(l.Name, "0", "x") // no lesson has such an option
	}
	f.Fuzz(func(t *testing.T, lesson, option, value string) {
		for _, l := range all.Lessons {
			if l.Name != lesson {
				continue
			}
			_, err := l.Choose(lessons.Values{option: value})
			if !slices.ContainsFunc(l.Options, func(o lessons.Option) bool { return o.Name == option }) {
				if text.Key(err) != "err.lesson.option" {
					t.Errorf("--%s, not an option of %s: got %v", option, l.Name, err)
				}
				continue
			}
			for _, o := range l.Options {
				if o.Name != option || value == "" || len(o.Choices) == 0 {
					continue
				}
				if valid := slices.Contains(o.Choices, value); valid != (err == nil) {
					t.Errorf("--%s=%q: valid %v, error %v", option, value, valid, err)
				}
				if err != nil && (text.Key(err) != "err.lesson.choice" || !strings.Contains(value, "\n") && strings.Contains(err.Error(), "\n")) {
					t.Errorf("--%s=%q: refusal is not one line with its code: %q (%s)", option, value, err, text.Key(err))
				}
			}
		}
	})
}
