package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// practiceLatency runs every practice task's e2e (make e2e-practice: a
// scripted student solves each task with kubectl while `kpod practice`
// watches) under the e2e lock, or reads the latencies such a run wrote
// (-practice-from), and reports the delay from the watched change that
// made a task hold (on the test's own watch) to kpod's printed ✓.
func practiceLatency(ctx context.Context, c config, env *clusterEnv) ([]Row, []string, error) {
	file := c.practiceFrom
	if file == "" {
		dir, err := os.MkdirTemp("", "kpod-bench-practice")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(dir)
		file = filepath.Join(dir, "latency.ndjson")
		unlock, err := flock(c.lock)
		if err != nil {
			return nil, nil, err
		}
		logf("practice: every task's e2e, about 30 minutes")
		cmd := exec.CommandContext(ctx, "go", "test", "-tags", "e2e", "-count=1", "-p", "1", "-timeout", "60m",
			"-run", "TestPracticeOnCluster", "./internal/practice/")
		cmd.Env = append(os.Environ(), "KPOD_E2E_PRACTICE=all", "KPOD_BENCH_LATENCY="+file,
			"KPOD_E2E_NAMESPACE="+env.namespace, "KPOD_E2E_PRACTICE_NAMESPACE="+env.namespace+"-practice")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		unlock()
		if err != nil {
			logf("practice e2e failed (%v); the tasks it solved still count:\n%s", err, lastLine(out))
		}
	}
	lat, err := readLatencies(file)
	if err != nil {
		return nil, nil, err
	}
	var all Sample
	var tasks []string
	for task, v := range lat {
		all = append(all, v...)
		tasks = append(tasks, task)
	}
	sort.Strings(tasks)
	p95 := all.Percentile(95)
	rows := []Row{
		{Figure: "practice: watched change that satisfies a task → printed ✓, p50", Kpod: fmt.Sprintf("%s (%d tasks)", ms(all.Percentile(50)), len(all)), Reference: "-", Ratio: "-", Goal: "-", Met: "-"},
		{Figure: "practice: same, p95", Kpod: fmt.Sprintf("%s (range %s)", ms(p95), rangeOf(all)), Reference: "-", Ratio: "-", Goal: "< 1000 ms", Met: Met(p95 < 1000, len(all) > 0)},
	}
	var slow []string
	for _, task := range tasks {
		for _, v := range lat[task] {
			if v >= 1000 {
				slow = append(slow, fmt.Sprintf("%s %s", task, ms(v)))
			}
		}
	}
	var notes []string
	if len(slow) > 0 {
		notes = append(notes, "practice tasks whose ✓ came 1 s or more after the change: "+strings.Join(slow, ", "))
	}
	return rows, notes, nil
}

func rangeOf(s Sample) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.TrimSuffix(ms(s.Min()), unitSuffix(ms)) + "–" + ms(s.Max())
}

// readLatencies reads the lines {"task": ..., "ms": ...} the practice e2e writes.
func readLatencies(file string) (map[string]Sample, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("practice latencies: %w", err)
	}
	defer f.Close()
	out := map[string]Sample{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct {
			Task string  `json:"task"`
			MS   float64 `json:"ms"`
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Task != "" {
			out[r.Task] = append(out[r.Task], r.MS)
		}
	}
	return out, sc.Err()
}
