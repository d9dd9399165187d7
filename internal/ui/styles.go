package ui

import (
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

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

// Palette is one set of colours. kpod never asks the terminal for its
// background (lipgloss's AdaptiveColor does, and waits up to 5 s where
// nothing answers): the palette comes from KPOD_THEME or COLORFGBG, and
// otherwise is one that reads on dark and light backgrounds alike.
type Palette struct{ Blue, Green, Yellow, Red, Purple, Grey string }

// The palettes. Neutral uses mid tones: no pale yellow, no dim grey. Its
// grey is a plain mid grey, shown as colour 102 (#878787) in 256 colours
// and bright black in 16; a bluish grey became 60 (#5f5f87) and blue, which
// a dark projector hides.
var (
	Dark    = Palette{Blue: "#79C0FF", Green: "#56D364", Yellow: "#E3B341", Red: "#FF7B72", Purple: "#D2A8FF", Grey: "#8B949E"}
	Light   = Palette{Blue: "#0550AE", Green: "#116329", Yellow: "#7D4E00", Red: "#A40E26", Purple: "#6639BA", Grey: "#57606A"}
	Neutral = Palette{Blue: "#3B82F6", Green: "#16A34A", Yellow: "#D97706", Red: "#DC2626", Purple: "#9333EA", Grey: "#808080"}
)

// PaletteFor picks the palette from the environment only: KPOD_THEME
// (dark or light), then COLORFGBG ("fg;bg", as rxvt, Konsole and others
// set it), then Neutral.
func PaletteFor(getenv func(string) string) Palette {
	switch strings.ToLower(get(getenv, "KPOD_THEME")) {
	case "dark":
		return Dark
	case "light":
		return Light
	}
	if v := get(getenv, "COLORFGBG"); v != "" {
		parts := strings.Split(v, ";")
		if bg, err := strconv.Atoi(parts[len(parts)-1]); err == nil {
			if bg == 7 || bg >= 9 && bg <= 15 {
				return Light
			}
			return Dark
		}
	}
	return Neutral
}

// Themes are the names KPOD_THEME and --theme take.
var Themes = []string{"dark", "light"}

// IsTheme reports whether name is a theme ("" is: the default).
func IsTheme(name string) bool {
	if name == "" {
		return true
	}
	for _, t := range Themes {
		if strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// profile is the colour depth from the environment, never from a query.
func profile(getenv func(string) string) termenv.Profile {
	switch ct := strings.ToLower(get(getenv, "COLORTERM")); {
	case ct == "truecolor" || ct == "24bit":
		return termenv.TrueColor
	case strings.Contains(get(getenv, "TERM"), "256color"):
		return termenv.ANSI256
	}
	return termenv.ANSI
}

// Styled returns the colour theme for writing to w. Its renderer belongs to
// w alone, with the colour depth and background fixed from the environment,
// so lipgloss has nothing to ask the terminal.
func Styled(w io.Writer, getenv func(string) string) Theme {
	r := lipgloss.NewRenderer(w, termenv.WithProfile(profile(getenv)))
	r.SetColorProfile(profile(getenv))
	p := PaletteFor(getenv)
	r.SetHasDarkBackground(p != Light)
	st := r.NewStyle
	c := func(s string) lipgloss.Color { return lipgloss.Color(s) }
	paint := func(s lipgloss.Style) Paint { return func(t string) string { return s.Render(t) } }
	return Theme{
		Title:   paint(st().Bold(true).Foreground(c(p.Purple))),
		Heading: paint(st().Bold(true).Foreground(c(p.Blue))),
		Command: paint(st().Bold(true).Foreground(c(p.Green))),
		Output:  paint(st()),
		Time:    paint(st().Foreground(c(p.Grey))),
		Label:   paint(st().Bold(true).Foreground(c(p.Blue))),
		Warn:    paint(st().Bold(true).Foreground(c(p.Yellow))),
		Bad:     paint(st().Bold(true).Foreground(c(p.Red))),
		Good:    paint(st().Bold(true).Foreground(c(p.Green))),
		Subtle:  paint(st().Foreground(c(p.Grey))),
	}
}

// Plain returns a theme that leaves text exactly as it is.
func Plain() Theme {
	same := func(s string) string { return s }
	return Theme{same, same, same, same, same, same, same, same, same, same}
}

// Mark is the kind of a result or a note: the one vocabulary that pairs
// it with its sign and colour (and names it in -o json).
type Mark string

// Marks. Good is OK as a lesson's notes name it.
const (
	OK   Mark = "ok"
	Good Mark = "good"
	Warn Mark = "warn"
	Fail Mark = "fail"
	Info Mark = "info"
	Skip Mark = "skip"
)

// Mark is the painted sign of a result: ✓, !, ✗, · or -.
func (t Theme) Mark(kind Mark) string {
	switch kind {
	case OK, Good:
		return t.Good("✓")
	case Warn:
		return t.Warn("!")
	case Fail:
		return t.Bad("✗")
	case Skip:
		return t.Subtle("-")
	}
	return t.Subtle("·")
}

func get(getenv func(string) string, key string) string {
	if getenv == nil {
		return ""
	}
	return getenv(key)
}
