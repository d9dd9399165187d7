package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/text"
)

// flagsOf is a set of --image-ROLE flags as cobra holds them.
func flagsOf(m map[string]string) map[string]*string {
	out := map[string]*string{}
	for k, v := range m {
		out[k] = &v
	}
	return out
}

func TestChooseImages(t *testing.T) {
	env := map[string]string{"KPOD_IMAGE_SHELL": "kpod.local/shell:1.0"}
	getenv := func(k string) string { return env[k] }
	got, err := chooseImages(flagsOf(map[string]string{"web": "registry.example:5000/team/web@sha256:" + strings.Repeat("a", 64)}), getenv)
	if err != nil {
		t.Fatal(err)
	}
	if got["shell"] != "kpod.local/shell:1.0" || !strings.HasPrefix(got["web"], "registry.example:5000/") {
		t.Errorf("got %v", got)
	}
	for _, c := range []struct {
		flags map[string]string
		env   string
		want  string
	}{
		{map[string]string{"web": "Nginx:1"}, "", `--image-web "Nginx:1" is not an image reference`},
		{map[string]string{"web": "nginx:"}, "", `--image-web "nginx:"`},
		{map[string]string{"shell": "busy box"}, "", `--image-shell "busy box"`},
		{nil, "a//b", `KPOD_IMAGE_SHELL "a//b"`},
	} {
		env["KPOD_IMAGE_SHELL"] = c.env
		_, err := chooseImages(flagsOf(c.flags), getenv)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") || text.Key(err) != "err.cli.image" {
			t.Errorf("%v %q: got %v (code %q), want one line with %s", c.flags, c.env, err, text.Key(err), c.want)
		}
	}
}

// --image-ROLE and KPOD_IMAGE_ROLE: a reference kpod takes is used as
// typed; one it refuses gets one line that names it.
func FuzzImages(f *testing.F) {
	for _, s := range []string{"kpod.local/web:1.0", "nginx", "registry.example:5000/team/web@sha256:" + strings.Repeat("a", 64), "UPPER/case", "web:", "a b", "웹:1.0", ":", "\n"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, img string, fromEnv bool) {
		flags, env := map[string]string{"web": img}, map[string]string{}
		if fromEnv {
			flags, env = nil, map[string]string{"KPOD_IMAGE_WEB": img}
		}
		got, err := chooseImages(flagsOf(flags), func(k string) string { return env[k] })
		switch {
		case err != nil:
			if strings.Contains(err.Error(), "\n") && !strings.Contains(img, "\n") {
				t.Errorf("refusal of %q is not one line: %q", img, err)
			}
		case img != "" && got["web"] != img:
			t.Errorf("took %q but runs %q", img, got["web"])
		}
	})
}

// Lesson option values as a user types them (--mechanism=..., --pattern=...):
// a value kpod takes is one of the choices; one it refuses gets one line
// listing the choices, with its code.
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
			err := checkChoices(l, v)
			for _, o := range l.Options {
				if o.Name != option || value == "" || len(o.Choices) == 0 {
					continue
				}
				if valid := slices.Contains(o.Choices, value); valid != (err == nil) {
					t.Errorf("--%s=%q: valid %v, error %v", option, value, valid, err)
				}
				if err != nil && (text.Key(err) != "err.cli.choice" || !strings.Contains(value, "\n") && strings.Contains(err.Error(), "\n")) {
					t.Errorf("--%s=%q: refusal is not one line with its code: %q (%s)", option, value, err, text.Key(err))
				}
			}
		}
	})
}
