package draw

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The event records of one Pod, from recorded lesson runs on the test
// cluster (kpod LESSON --record): the annotations the timeline told.
func recorded(t *testing.T, name string) (pod string, ms []Moment, end time.Duration) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "timeline", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct {
			T                      float64
			Pod, Container, Reason string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		at := time.Duration(r.T * float64(time.Second))
		pod, end = r.Pod, max(end, at)
		ms = append(ms, Moment{At: at, Container: r.Container, Reason: r.Reason})
	}
	return pod, ms, end
}

func TestLifelines(t *testing.T) {
	for _, name := range []string{"probe", "initfail", "init", "multipod"} {
		for _, lang := range []string{"en", "ko"} {
			t.Run(name+"."+lang, func(t *testing.T) {
				pod, ms, end := recorded(t, name)
				var b strings.Builder
				for _, w := range []int{80, 60} {
					for _, plain := range []bool{false, true} {
						got := Lifelines(pod, ms, end, Options{Width: w, Plain: plain, Theme: coloured, Lang: lang})
						kind := "styled, colour stripped"
						if plain {
							kind = "plain"
							if strings.Contains(got, "\x1b[") || strings.ContainsAny(got, "▶↻✗■✓─·") {
								t.Errorf("plain lifelines at %d have colour or non-ASCII marks:\n%s", w, got)
							}
						} else if !strings.Contains(got, "\x1b[") {
							t.Errorf("styled lifelines at %d have no colour", w)
						}
						got = ansi.Strip(got)
						for _, l := range strings.Split(got, "\n") {
							if width(l) > w {
								t.Errorf("line wider than %d: %q", w, l)
							}
						}
						b.WriteString("--- " + kind + ", " + strconv.Itoa(w) + " columns\n" + got + "\n")
					}
				}
				golden(t, b.String())
			})
		}
	}
}

// A restart is drawn once, from the status (Restarted) or the Started
// Event, whichever the timeline had told when the drawing was made.
func TestLifelineRestartFromEitherSource(t *testing.T) {
	base := []Moment{{At: time.Second, Container: "web", Reason: "Started"}, {At: 5 * time.Second, Container: "web", Reason: "Unhealthy"},
		{At: 8 * time.Second, Container: "web", Reason: "Killing"}}
	cases := map[string][]Moment{
		"status only": append(slices.Clone(base), Moment{At: 9 * time.Second, Container: "web", Reason: "Restarted"}),
		"event only":  append(slices.Clone(base), Moment{At: 9 * time.Second, Container: "web", Reason: "Started"}),
		"event, then status": append(slices.Clone(base), Moment{At: 9 * time.Second, Container: "web", Reason: "Started"},
			Moment{At: 9*time.Second + 600*time.Millisecond, Container: "web", Reason: "Restarted"}),
		"status, then event": append(slices.Clone(base), Moment{At: 9 * time.Second, Container: "web", Reason: "Restarted"},
			Moment{At: 9*time.Second + 600*time.Millisecond, Container: "web", Reason: "Started"}),
	}
	for name, ms := range cases {
		got := Lifelines("p", ms, 10*time.Second, Options{Width: 80, Plain: true, Lang: "en"})
		line := strings.Split(got, "\n")[1]
		if n := strings.Count(line, "R"); n != 1 {
			t.Errorf("%s: %d restarts drawn, want 1:\n%s", name, n, got)
		}
	}
}
