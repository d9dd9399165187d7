package lessontest

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// A Claim is a statement of time or order in a lesson's text, written next
// to it as an HTML comment so a live run can check it:
//
//	<!-- claim: A -> B in LOW..HIGH -->   B follows A, LOW to HIGH later
//	<!-- claim: A -> B -->                B follows A
//	<!-- claim: example FILE has TEXT --> kpod's example FILE contains TEXT
//	<!-- claim: source MOD@VER/PATH has TEXT --> so does that module's file
//
// A and B name timeline lines: a Reason as the timeline reports it
// (Scheduled, Killing, Init:CrashLoopBackOff), then optionally "@name" for
// the container or Pod ("@name*": a Pod whose name starts so), and "#n"
// for its n-th line (default the first); "step" is the step's start.
// B is the first line matching it after A. LOW or HIGH may be left out
// ("..90s", "10s.."); durations are Go's (1.5s, 2m).
// A claim is checked against the lines seen from its step on; claims in
// "intro" and "recap" against the whole run. The example and source forms
// (defaults, manifests) are checked by unit tests, not on the cluster.
type Claim struct {
	Text     string // as written, for messages
	From, To lineRef
	Min, Max time.Duration // Max 0: no upper bound
	File     string        // example and source forms: "examples/NAME" or "MOD@VER/PATH"
	Has      string
}

// lineRef names a timeline line.
type lineRef struct {
	Reason string
	Name   string // container or Pod; "" for any
	N      int    // 1-based
}

func (r lineRef) match(a report.Annotation) bool {
	if a.Reason != r.Reason {
		return false
	}
	if prefix, ok := strings.CutSuffix(r.Name, "*"); ok {
		return strings.HasPrefix(a.Pod, prefix)
	}
	return r.Name == "" || a.Container == r.Name || a.Pod == r.Name
}

func (r lineRef) String() string {
	s := r.Reason
	if r.Name != "" {
		s += "@" + r.Name
	}
	if r.N > 1 {
		s += "#" + strconv.Itoa(r.N)
	}
	return s
}

// parseClaim reads one note of a text section; ok is false if the note is
// not a claim.
func parseClaim(note string) (c Claim, ok bool, err error) {
	body, ok := strings.CutPrefix(note, "claim:")
	if !ok {
		return Claim{}, false, nil
	}
	body = strings.TrimSpace(body)
	c.Text = body
	for _, form := range []string{"example ", "source "} {
		rest, ok := strings.CutPrefix(body, form)
		if !ok {
			continue
		}
		file, has, found := strings.Cut(rest, " has ")
		if !found || strings.TrimSpace(file) == "" || strings.TrimSpace(has) == "" {
			return c, true, fmt.Errorf("claim %q: want \"%sFILE has TEXT\"", body, form)
		}
		c.File, c.Has = strings.TrimSpace(file), strings.TrimSpace(has)
		if form == "example " {
			c.File = "examples/" + c.File
		} else if !strings.Contains(c.File, "@") {
			return c, true, fmt.Errorf("claim %q: want MOD@VER/PATH", body)
		}
		return c, true, nil
	}
	from, rest, found := strings.Cut(body, "->")
	if !found {
		return c, true, fmt.Errorf("claim %q: want \"A -> B [in LOW..HIGH]\"", body)
	}
	to, span, timed := strings.Cut(rest, " in ")
	if c.From, err = parseRef(from); err == nil {
		c.To, err = parseRef(to)
	}
	if err != nil {
		return c, true, fmt.Errorf("claim %q: %w", body, err)
	}
	if timed {
		low, high, found := strings.Cut(strings.TrimSpace(span), "..")
		if !found {
			return c, true, fmt.Errorf("claim %q: want LOW..HIGH", body)
		}
		for _, p := range []struct {
			s string
			d *time.Duration
		}{{low, &c.Min}, {high, &c.Max}} {
			if p.s == "" {
				continue
			}
			if *p.d, err = time.ParseDuration(p.s); err != nil {
				return c, true, fmt.Errorf("claim %q: %w", body, err)
			}
		}
		if c.Max != 0 && c.Max < c.Min {
			return c, true, fmt.Errorf("claim %q: HIGH is below LOW", body)
		}
	}
	return c, true, nil
}

func parseRef(s string) (lineRef, error) {
	s = strings.TrimSpace(s)
	r := lineRef{N: 1}
	if s == "" || strings.ContainsAny(s, " \t") {
		return r, fmt.Errorf("bad line name %q", s)
	}
	if i := strings.LastIndex(s, "#"); i >= 0 {
		n, err := strconv.Atoi(s[i+1:])
		if err != nil || n < 1 {
			return r, fmt.Errorf("bad count in %q", s)
		}
		r.N, s = n, s[:i]
	}
	r.Reason, r.Name, _ = strings.Cut(s, "@")
	if r.Reason == "" {
		return r, fmt.Errorf("no reason in %q", s)
	}
	return r, nil
}

// Claims returns the claims in a section's notes.
func Claims(notes []string) ([]Claim, error) {
	var out []Claim
	for _, n := range notes {
		c, ok, err := parseClaim(n)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// check says whether the timeline lines seen (in the order they were
// reported) agree with a timeline claim; example claims pass here.
func (c Claim) check(lines []report.Annotation) error {
	if c.File != "" {
		return nil
	}
	from := -1
	for i, a := range lines {
		if c.From.match(a) {
			if n := count(lines[:i+1], c.From); n == c.From.N {
				from = i
				break
			}
		}
	}
	if from < 0 {
		return fmt.Errorf("claim %q: %w %s", c.Text, errNeverShowed, c.From)
	}
	for _, a := range lines[from+1:] {
		if !c.To.match(a) {
			continue
		}
		d := a.At - lines[from].At
		if d < c.Min-100*time.Millisecond || c.Max != 0 && d > c.Max+100*time.Millisecond {
			return fmt.Errorf("claim %q: %s came %.1fs after %s", c.Text, c.To, d.Seconds(), c.From)
		}
		return nil
	}
	return fmt.Errorf("claim %q: the timeline showed %s at %+.1fs but no %s after it", c.Text, c.From, lines[from].At.Seconds(), c.To)
}

func count(lines []report.Annotation, r lineRef) int {
	n := 0
	for _, a := range lines {
		if r.match(a) {
			n++
		}
	}
	return n
}

var errNeverShowed = errors.New("the timeline never showed")

// CheckRecords checks every timeline claim in secs (a lesson's sections in
// one language) against a run's JSON records ("step" and "event"): the
// claims of each step that ran, against the lines from that step on, or
// from the start if the claim's first line came before the step.
func CheckRecords(secs map[string]text.Section, records []map[string]any) []error {
	var lines []report.Annotation
	start := map[string]int{"intro": 0, "recap": 0} // step key -> its start line
	for _, r := range records {
		t, _ := r["t"].(float64)
		switch r["type"] {
		case "step":
			if k, _ := r["key"].(string); k != "" && k != "recap" {
				if _, seen := start[k]; !seen {
					start[k] = len(lines)
					lines = append(lines, report.Annotation{Reason: "step", At: time.Duration(t * float64(time.Second))})
				}
			}
		case "event":
			a := report.Annotation{}
			a.At = time.Duration(t * float64(time.Second))
			a.Pod, _ = r["pod"].(string)
			a.Container, _ = r["container"].(string)
			a.Reason, _ = r["reason"].(string)
			lines = append(lines, a)
		}
	}
	var errs []error
	keys := make([]string, 0, len(secs))
	for k := range secs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		from, ran := start[k]
		if !ran {
			continue
		}
		cs, err := Claims(secs[k].Notes)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		for _, c := range cs {
			err := c.check(lines[from:])
			if errors.Is(err, errNeverShowed) {
				// A Pod started with others in an earlier step: its lines
				// came before this step's.
				err = c.check(lines)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("step %s: %w", k, err))
			}
		}
	}
	return errs
}
