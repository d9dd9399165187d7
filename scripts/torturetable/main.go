// Command torturetable prints the figures the torture tests wrote
// ($KPOD_TORTURE_FIGURES: "TEST<TAB>column<TAB>value" lines) as the
// Markdown table kept in docs/torture.md.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

type row struct {
	sums  map[string]float64
	times map[string][]float64
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: torturetable FIGURES.tsv")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "torturetable:", err)
		os.Exit(1)
	}
	defer f.Close()
	rows := map[string]*row{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			continue
		}
		r := rows[parts[0]]
		if r == nil {
			r = &row{sums: map[string]float64{}, times: map[string][]float64{}}
			rows[parts[0]] = r
			order = append(order, parts[0])
		}
		if name, ok := strings.CutPrefix(parts[1], "s:"); ok {
			r.times[name] = append(r.times[name], v)
		} else {
			r.sums[parts[1]] += v
		}
	}
	fmt.Println("| test | kpod runs | interrupts | failures injected | objects left (goal 0) | times: median (max) |")
	fmt.Println("|---|---:|---:|---:|---:|---|")
	var left float64
	for _, name := range order {
		r := rows[name]
		left += r.sums["left"]
		var names []string
		for n := range r.times {
			names = append(names, n)
		}
		sort.Strings(names)
		var times []string
		for _, n := range names {
			ts := r.times[n]
			sort.Float64s(ts)
			times = append(times, fmt.Sprintf("%s %.1f s (%.1f s, %d×)", n, ts[len(ts)/2], ts[len(ts)-1], len(ts)))
		}
		fmt.Printf("| %s | %g | %g | %g | %g | %s |\n", name, r.sums["runs"], r.sums["interrupts"], r.sums["failures"], r.sums["left"], strings.Join(times, "; "))
	}
	if left > 0 {
		os.Exit(1)
	}
}
