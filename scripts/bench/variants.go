package main

import "github.com/kpod-dev/kpod/internal/lessons"

// variants are the runs of a lesson the bench times: its defaults, then
// each other choice of each option that has choices.
func variants(l *lessons.Lesson) []lessons.Values {
	out := []lessons.Values{nil}
	for _, o := range l.Options {
		for _, c := range o.Choices {
			if c != o.Default {
				out = append(out, lessons.Values{o.Name: c})
			}
		}
	}
	return out
}
