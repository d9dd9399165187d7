package main

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// startup times `kpod --help`, `kpod run --dry-run` and a completion against
// `kubectl --help`, interleaved: each round runs all three, starting with a
// different one, so load on the machine falls on each alike.
func startup(ctx context.Context, c config) ([]Row, error) {
	type prog struct {
		name string
		argv []string
		wall Sample
		rss  Sample
	}
	progs := []*prog{
		{name: "kubectl --help", argv: []string{c.kubectl, "--help"}},
		{name: "kpod --help", argv: []string{c.kpod, "--help"}},
		{name: "kpod run --dry-run", argv: []string{c.kpod, "run", "--dry-run", "--no-color"}},
		{name: "kpod __complete \"\"", argv: []string{c.kpod, "__complete", ""}}, // a <TAB>
	}
	// No kubeconfig: start-up must not depend on one.
	env := append(os.Environ(), "KUBECONFIG=/nonexistent", "NO_COLOR=1")
	for i := 0; i < c.startRuns+1; i++ {
		for j := range progs {
			p := progs[(i+j)%len(progs)]
			r := measure(ctx, env, p.argv...)
			if r.err != nil {
				return nil, fmt.Errorf("%s: %v: %s", p.name, r.err, strings.TrimSpace(string(r.stderr)))
			}
			if i == 0 {
				continue // a warm-up round: page cache
			}
			p.wall = append(p.wall, millis(r.wall))
			p.rss = append(p.rss, r.maxRSS)
		}
	}
	k := progs[0]
	var rows []Row
	for _, p := range progs[1:] {
		ratio := p.wall.Median() / k.wall.Median()
		rows = append(rows,
			Row{Figure: "start-up: `" + p.name + "`, wall", Kpod: p.wall.Summary(ms), Reference: "`kubectl --help` " + k.wall.Summary(ms),
				Ratio: Ratio(p.wall.Median(), k.wall.Median()), Goal: "≤ 0.5× kubectl", Met: Met(ratio <= 0.5, true)},
			Row{Figure: "start-up: `" + p.name + "`, peak RSS", Kpod: p.rss.Summary(mib), Reference: "`kubectl --help` " + k.rss.Summary(mib),
				Ratio: Ratio(p.rss.Median(), k.rss.Median()), Goal: "-", Met: "-"},
		)
	}
	return rows, nil
}
