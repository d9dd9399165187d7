package draw

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Moment is one thing that happened to a container, as the timeline's
// annotations tell it: At since the start, Reason as the annotation's
// (Started, Unhealthy, Killing, BackOff, Error, Completed ...).
type Moment struct {
	At        time.Duration
	Container string
	Reason    string
}

// what a moment does to a container's line
type beat int

const (
	beatNone beat = iota
	beatStart
	beatRestart
	beatProbe // a probe failed; it keeps running
	beatEnd   // killed, or exited with an error
	beatDone  // exited 0
	beatWait  // the kubelet backs off before the next start
)

func beatOf(reason string, started bool) beat {
	switch reason {
	case "Started":
		if started {
			return beatRestart
		}
		return beatStart
	case "Restarted": // the status counted a restart
		return beatRestart
	case "Unhealthy":
		return beatProbe
	case "Killing", "Error", "OOMKilled", "Terminated":
		return beatEnd
	case "Completed":
		return beatDone
	case "BackOff", "CrashLoopBackOff":
		return beatWait
	}
	return beatNone
}

// the mark of a beat, styled and plain, and its tone; a later beat in the
// same column wins over a lower one
var beats = map[beat]struct {
	styled, plain string
	tone          tone
	key           string // its word in the legend
}{
	beatStart:   {"▶", ">", toneGood, "drawing.lifeline.started"},
	beatRestart: {"↻", "R", toneWarn, "drawing.lifeline.restarted"},
	beatProbe:   {"✗", "x", toneBad, "drawing.lifeline.probe-failed"},
	beatEnd:     {"■", "#", toneBad, "drawing.lifeline.ended"},
	beatDone:    {"✓", "v", toneGood, "drawing.lifeline.completed"},
	beatWait:    {"z", "z", toneWarn, "drawing.lifeline.back-off"},
}

var rank = map[beat]int{beatNone: 0, beatWait: 1, beatStart: 2, beatProbe: 3, beatDone: 4, beatEnd: 5, beatRestart: 6}

// Lifelines draws each container of pod as a line over time, from its
// moments up to end: started, probe failed, killed or exited, the
// back-off waits and the restarts, with the time axis and a legend under
// it. Every line is at most opts.Width columns wide.
func Lifelines(pod string, moments []Moment, end time.Duration, opts Options) string {
	d := newDrawer(opts)
	var names []string
	byName := map[string][]Moment{}
	start := end
	for _, m := range moments {
		if m.Container == "" || beatOf(m.Reason, true) == beatNone && m.Reason != "Restarted" {
			continue
		}
		if _, ok := byName[m.Container]; !ok {
			names = append(names, m.Container)
		}
		byName[m.Container] = append(byName[m.Container], m)
		start = min(start, m.At)
		end = max(end, m.At)
	}
	label := 0
	for _, n := range names {
		label = max(label, width(n))
	}
	label = min(label, 20) + 1
	cols := d.o.Width - label
	col := func(at time.Duration) int {
		if end <= start {
			return 0
		}
		return int(float64(at-start) / float64(end-start) * float64(cols-1))
	}
	glyph := func(styled, plain string) string {
		if d.o.Plain {
			return plain
		}
		return styled
	}

	out := []string{d.paint(toneTitle, "pod/"+pod) + " " + d.word("drawing.lifeline.title", nil)}
	for _, name := range names {
		cells := make([]string, cols)
		ranks := make([]int, cols)
		for i := range cells {
			cells[i] = " "
		}
		running, started, waiting := false, false, false
		from := 0
		fill := func(to int) { // the line from the last moment up to column to
			for i := from; i < to && i < cols; i++ {
				switch {
				case running:
					cells[i] = d.paint(toneGood, glyph("─", "-"))
				case waiting:
					cells[i] = d.paint(toneWarn, glyph("·", "."))
				}
			}
		}
		var restarts []time.Duration // the status tells a restart with the last run's end
		for _, m := range byName[name] {
			if m.Reason == "Restarted" {
				restarts = append(restarts, m.At)
			}
		}
		for _, m := range byName[name] {
			b := beatOf(m.Reason, started)
			if b == beatEnd && (!running || near(m.At, restarts)) {
				continue // the end of a run already drawn, told again
			}
			if b == beatRestart && m.Reason != "Restarted" && within(m.At, restarts, time.Second) {
				continue // the Started Event of a restart the status told
			}
			c := col(m.At)
			fill(c)
			switch b {
			case beatStart, beatRestart:
				running, started, waiting = true, true, false
			case beatEnd:
				running, waiting = false, true // it will be started again, or the Pod ends
			case beatDone:
				running, waiting = false, false
			case beatWait:
				waiting = true
			}
			if rank[b] >= ranks[c] {
				cells[c], ranks[c] = d.paint(beats[b].tone, glyph(beats[b].styled, beats[b].plain)), rank[b]
			}
			from = c + 1
		}
		if running || waiting {
			fill(cols)
		}
		out = append(out, pad(cut(name, label-1, d.more), label)+strings.TrimRight(strings.Join(cells, ""), " "))
	}
	// the axis: the start and the end, as the annotations write times
	left, right := fmtAt(start), fmtAt(end)
	gap := max(cols-width(left)-width(right), 1)
	out = append(out, strings.Repeat(" ", label)+d.paint(toneSubtle, left+strings.Repeat(" ", gap)+right))
	var legend []string
	for _, b := range []beat{beatStart, beatProbe, beatEnd, beatWait, beatRestart, beatDone} {
		legend = append(legend, d.paint(beats[b].tone, glyph(beats[b].styled, beats[b].plain))+" "+d.word(beats[b].key, nil))
	}
	legend = append(legend, d.paint(toneGood, glyph("─", "-"))+" "+d.word("drawing.lifeline.running", nil),
		d.paint(toneWarn, glyph("·", "."))+" "+d.word("drawing.lifeline.waiting", nil))
	line := ""
	for _, l := range legend {
		switch {
		case line == "":
			line = l
		case width(line)+2+width(l) <= d.o.Width:
			line += "  " + l
		default:
			out = append(out, line)
			line = l
		}
	}
	out = append(out, line)
	for i, l := range out {
		out[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(out, "\n")
}

// near reports whether at is within 100ms of one of ts.
func near(at time.Duration, ts []time.Duration) bool { return within(at, ts, 100*time.Millisecond) }

// within reports whether at is less than d from one of ts. (The status
// and the Events write whole seconds: one restart's two times differ by
// less than one.)
func within(at time.Duration, ts []time.Duration, d time.Duration) bool {
	for _, t := range ts {
		if at-t > -d && at-t < d {
			return true
		}
	}
	return false
}

// cut shortens s to w columns, ending in more.
func cut(s string, w int, more string) string {
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, more)
}

// fmtAt is a time as the timeline writes it: +1.2s, +2m05s.
func fmtAt(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("+%.1fs", d.Seconds())
	}
	return fmt.Sprintf("+%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
