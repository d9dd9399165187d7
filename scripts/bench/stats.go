package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Sample is several measurements of one figure.
type Sample []float64

// Sorted returns a sorted copy.
func (s Sample) Sorted() []float64 {
	c := append([]float64(nil), s...)
	sort.Float64s(c)
	return c
}

// Median is the middle value (the mean of the two middle ones for an even
// count); NaN when there are none.
func (s Sample) Median() float64 {
	c := s.Sorted()
	n := len(c)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return c[n/2]
	}
	return (c[n/2-1] + c[n/2]) / 2
}

// Percentile is the nearest-rank p-th percentile (0 < p <= 100): the
// smallest value with at least p% of the values at or below it.
func (s Sample) Percentile(p float64) float64 {
	c := s.Sorted()
	if len(c) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p / 100 * float64(len(c))))
	rank = min(max(rank, 1), len(c))
	return c[rank-1]
}

// Min and Max are the range; NaN when there are none.
func (s Sample) Min() float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	return s.Sorted()[0]
}

func (s Sample) Max() float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	return s.Sorted()[len(s)-1]
}

// Unit formats one value.
type Unit func(float64) string

var (
	ms   Unit = func(v float64) string { return fmt.Sprintf("%.0f ms", v) }
	secs Unit = func(v float64) string { return fmt.Sprintf("%.1f s", v) }
	mib  Unit = func(v float64) string { return fmt.Sprintf("%.0f MiB", v) }
	num  Unit = func(v float64) string { return fmt.Sprintf("%.0f", v) }
)

// Summary prints "median (min–max, n=N)", or "-" with no values.
func (s Sample) Summary(u Unit) string {
	switch len(s) {
	case 0:
		return "-"
	case 1:
		return u(s[0]) + " (n=1)"
	}
	return fmt.Sprintf("%s (%s–%s, n=%d)", u(s.Median()), strings.TrimSuffix(u(s.Min()), unitSuffix(u)), u(s.Max()), len(s))
}

// unitSuffix is the unit's text after the number, so a range prints
// "10–12 ms" instead of "10 ms–12 ms".
func unitSuffix(u Unit) string {
	t := u(1)
	if i := strings.IndexByte(t, ' '); i >= 0 {
		return t[i:]
	}
	return ""
}

// Ratio prints a/b as "0.42×", or "-" when either is missing.
func Ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// Row is one line of the table.
type Row struct {
	Figure, Kpod, Reference, Ratio, Goal, Met string
}

// Met prints whether a goal is met: "yes", "NO", or "-" when unknown.
func Met(ok, known bool) string {
	switch {
	case !known:
		return "-"
	case ok:
		return "yes"
	}
	return "NO"
}

// Table prints rows as one Markdown table.
func Table(rows []Row) string {
	head := Row{"figure", "kpod: median (range, runs)", "reference", "ratio", "goal", "met"}
	cells := func(r Row) []string { return []string{r.Figure, r.Kpod, r.Reference, r.Ratio, r.Goal, r.Met} }
	var b strings.Builder
	line := func(c []string) {
		for i := range c {
			c[i] = strings.ReplaceAll(c[i], "|", `\|`)
		}
		b.WriteString("| " + strings.Join(c, " | ") + " |\n")
	}
	line(cells(head))
	line([]string{"---", "---", "---", "---", "---", "---"})
	for _, r := range rows {
		line(cells(r))
	}
	return b.String()
}

func seconds(d time.Duration) float64 { return d.Seconds() }
func millis(d time.Duration) float64  { return float64(d) / float64(time.Millisecond) }
