package draw

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The colours: mid tones that read on dark and light backgrounds alike,
// fixed here so nothing asks the terminal for its background.
var (
	colorGood   = lipgloss.Color("#16A34A") // running, ready, done
	colorWarn   = lipgloss.Color("#D97706") // waiting, starting
	colorBad    = lipgloss.Color("#DC2626") // failed, crash loop, OOMKilled
	colorSubtle = lipgloss.Color("#6B7280") // borders and labels
	colorTitle  = lipgloss.Color("#9333EA") // the Pod's name
)

// tone is what a piece of the drawing says about state.
type tone int

const (
	toneNone tone = iota
	toneGood
	toneWarn
	toneBad
	toneSubtle
	toneTitle
)

// styles are the named styles of a drawing, made with one renderer.
type styles map[tone]lipgloss.Style

// newStyles makes the styles with a renderer of its own whose colour
// profile is p: lipgloss detects nothing and queries nothing.
func newStyles(p termenv.Profile) styles {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(p))
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return styles{
		toneNone:   r.NewStyle(),
		toneGood:   r.NewStyle().Foreground(colorGood),
		toneWarn:   r.NewStyle().Foreground(colorWarn),
		toneBad:    r.NewStyle().Foreground(colorBad).Bold(true),
		toneSubtle: r.NewStyle().Foreground(colorSubtle),
		toneTitle:  r.NewStyle().Foreground(colorTitle).Bold(true),
	}
}
