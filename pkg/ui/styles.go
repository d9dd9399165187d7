package ui

import "github.com/charmbracelet/lipgloss"

// Paint styles one piece of text.
type Paint func(string) string

// Theme holds every style kpod uses, in one place.
type Theme struct {
	Title   Paint
	Heading Paint
	Command Paint
	Output  Paint
	Time    Paint
	Label   Paint
	Warn    Paint
	Bad     Paint
	Good    Paint
	Subtle  Paint
}

// Adaptive colours, chosen to stay readable on light and dark backgrounds
// and on a classroom projector (no dim greys for anything that matters).
var (
	blue   = lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"}
	green  = lipgloss.AdaptiveColor{Light: "#116329", Dark: "#56D364"}
	yellow = lipgloss.AdaptiveColor{Light: "#7D4E00", Dark: "#E3B341"}
	red    = lipgloss.AdaptiveColor{Light: "#A40E26", Dark: "#FF7B72"}
	purple = lipgloss.AdaptiveColor{Light: "#6639BA", Dark: "#D2A8FF"}
	grey   = lipgloss.AdaptiveColor{Light: "#57606A", Dark: "#8B949E"}
)

func paint(s lipgloss.Style) Paint { return func(t string) string { return s.Render(t) } }

// Styled returns the colour theme.
func Styled() Theme {
	st := lipgloss.NewStyle
	return Theme{
		Title:   paint(st().Bold(true).Foreground(purple)),
		Heading: paint(st().Bold(true).Foreground(blue)),
		Command: paint(st().Bold(true).Foreground(green)),
		Output:  paint(st()),
		Time:    paint(st().Foreground(grey)),
		Label:   paint(st().Bold(true).Foreground(blue)),
		Warn:    paint(st().Bold(true).Foreground(yellow)),
		Bad:     paint(st().Bold(true).Foreground(red)),
		Good:    paint(st().Bold(true).Foreground(green)),
		Subtle:  paint(st().Foreground(grey)),
	}
}

// Plain returns a theme that leaves text exactly as it is.
func Plain() Theme {
	same := func(s string) string { return s }
	return Theme{same, same, same, same, same, same, same, same, same, same}
}
