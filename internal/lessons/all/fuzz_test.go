package all_test

import (
	"io"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/text"
)

// Lesson option values as a user types them (--mechanism=..., --pattern=...):
// a value kpod takes is one of the choices; one it refuses gets one line
// listing the choices.
func FuzzOptions(f *testing.F) {
	for _, l := range all.Lessons {
		for _, o := range l.Options {
			for _, c := range append(o.Choices, "", " "+o.Default, strings.ToUpper(o.Default), "사이드카") {
				f.Add(l.Name, o.Name, c)
			}
		}
	}
	f.Fuzz(func(t *testing.T, lesson, option, value string) {
		for _, l := range all.Lessons {
			if l.Name != lesson {
				continue
			}
			v := l.Defaults()
			v[option] = value
			err := l.Validate(v)
			for _, o := range l.Options {
				if o.Name != option || value == "" || len(o.Choices) == 0 {
					continue
				}
				valid := false
				for _, c := range o.Choices {
					valid = valid || c == value
				}
				if valid != (err == nil) {
					t.Errorf("--%s=%q: valid %v, error %v", option, value, valid, err)
				}
				if err != nil && !strings.Contains(value, "\n") && strings.Contains(err.Error(), "\n") {
					t.Errorf("--%s=%q: refusal is not one line: %q", option, value, err)
				}
			}
		}
	})
}

// Every lesson's texts, filled with odd facts (as a cluster may name Pods,
// nodes and images), render in both languages and show the values as they are.
func FuzzLessonTexts(f *testing.F) {
	for _, s := range []string{"kpod-e2e", "노드", "{{.ip}}", "10.0.0.1", "a\nb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, l := range all.Lessons {
			for _, lang := range text.Languages {
				s := lessontest.FakeSession(l, nil, nil, io.Discard)
				s.Lang, s.Strict = lang, false
				for _, k := range []string{"pod-ip", "node", "staticPodPath", "pause-id", "webserver.ip"} {
					lessons.Fact[string](k).Set(s, v)
				}
				for key := range l.Text["en"] {
					if strings.HasPrefix(key, "practice.") {
						continue // internal/practice fills these, with functions of its own
					}
					out := s.Text(key, text.Facts{"Pod": v, "Node": v, "Message": v})
					if strings.Contains(out, "{{") && !strings.Contains(v, "{{") && !strings.Contains(l.Text.Get(lang, key).Body, "`{{") {
						t.Errorf("%s %s/%s: a template was left in the text:\n%s", l.Name, lang, key, out)
					}
				}
			}
		}
	})
}
