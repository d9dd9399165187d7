package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// classLessons are what each scripted student runs, in order, before one
// practice task (run's first: a Pod called web, solved with kubectl).
var classLessons = []string{"run", "multipod", "probe"}

// student is one scripted student's run: each lesson's wall time, and the
// practice task's, from the student's kubectl command to kpod's ✓.
type student struct {
	name    string
	times   map[string]float64 // seconds, by lesson name and "practice"
	cpu     float64            // seconds of CPU of the student's own processes (kpod or kubectl)
	failure string
}

// classLoad is a class on the test cluster: `kpod class create` makes the
// students, each with their own kubeconfig. For each class size, all its
// students run the lessons through kpod at once, then all type the kubectl
// commands those lessons show (the kubectl class). It reports each lesson's
// p95 against the kubectl class's, each student's CPU, the API server's
// requests, and what was left.
func classLoad(ctx context.Context, c config, env *clusterEnv) ([]Row, []string, error) {
	unlock, err := flock(c.lock)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	var scripts []script
	for _, l := range classLessons {
		s, err := lessonScript(ctx, c, l)
		if err != nil {
			return nil, nil, err
		}
		scripts = append(scripts, s)
	}
	dir, err := os.MkdirTemp("", "kpod-bench-class")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	const class = "bench"
	most := 0
	for _, n := range c.students {
		most = max(most, n)
	}
	kpod := func(ctx context.Context, args ...string) result {
		return measure(ctx, append(os.Environ(), "NO_COLOR=1"), append([]string{c.kpod}, args...)...)
	}
	logf("class load: kpod class create --students %d", most)
	if r := kpod(ctx, "class", "create", "--class", class, "--students", strconv.Itoa(most), "--dir", dir); r.err != nil {
		return nil, nil, fmt.Errorf("kpod class create: %v: %s", r.err, lastLine(r.stderr))
	}
	defer func() {
		if r := kpod(context.WithoutCancel(ctx), "class", "delete", "--class", class); r.err != nil {
			logf("kpod class delete: %v: %s", r.err, lastLine(r.stderr))
		}
	}()
	configs, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(configs) != most {
		return nil, nil, fmt.Errorf("kpod class create wrote %d kubeconfigs in %s, want %d", len(configs), dir, most)
	}
	sort.Strings(configs)

	logf("class load: one student alone")
	solo := runStudent(ctx, c, configs[0])
	if solo.failure != "" {
		return nil, nil, fmt.Errorf("the student alone: %s", solo.failure)
	}
	var rows []Row
	var notes []string
	finished, total := 0, 0
	for _, n := range c.students {
		kp, kpReq, kpWall, err := classRun(ctx, env, configs[:n], "kpod", func(kc string) student { return runStudent(ctx, c, kc) })
		if err != nil {
			return nil, nil, err
		}
		kc, kcReq, kcWall, err := classRun(ctx, env, configs[:n], "kubectl", func(kc string) student { return runKubectlStudent(ctx, c, kc, scripts) })
		if err != nil {
			return nil, nil, err
		}
		for _, s := range append(append([]student(nil), kp...), kc...) {
			total++
			if s.failure == "" {
				finished++
			} else {
				notes = append(notes, fmt.Sprintf("class of %d: %s failed: %s", n, s.name, s.failure))
			}
		}
		for _, name := range classLessons {
			at, ref := times(kp, name), times(kc, name)
			rows = append(rows, Row{
				Figure:    fmt.Sprintf("class of %d: %s, p50 / p95", n, name),
				Kpod:      fmt.Sprintf("kpod %s / %s (n=%d)", secs(at.Median()), secs(at.Percentile(95)), len(at)),
				Reference: fmt.Sprintf("kubectl %s / %s (n=%d)", secs(ref.Median()), secs(ref.Percentile(95)), len(ref)),
				Ratio:     Ratio(at.Percentile(95), ref.Percentile(95)),
				Goal:      "p95 ≤ 1.2× kubectl class",
				Met:       Met(at.Percentile(95) <= 1.2*ref.Percentile(95), len(at) > 0 && len(ref) > 0),
			})
		}
		pr := times(kp, "practice")
		rows = append(rows, Row{
			Figure:    fmt.Sprintf("class of %d: practice run/web: kubectl run → ✓, p50 / p95", n),
			Kpod:      fmt.Sprintf("%s / %s (n=%d)", secs(pr.Median()), secs(pr.Percentile(95)), len(pr)),
			Reference: "one student alone " + secs(solo.times["practice"]),
			Ratio:     Ratio(pr.Percentile(95), solo.times["practice"]), Goal: "-", Met: "-",
		})
		kpCPU, kcCPU := cpus(kp), cpus(kc)
		rows = append(rows, Row{
			Figure:    fmt.Sprintf("class of %d: CPU per student, median (the three lessons)", n),
			Kpod:      fmt.Sprintf("kpod %s", secs(kpCPU.Median())),
			Reference: "kubectl " + secs(kcCPU.Median()),
			Ratio:     Ratio(kpCPU.Median(), kcCPU.Median()), Goal: "-", Met: "-",
		})
		rows = append(rows, Row{
			Figure:    fmt.Sprintf("class of %d: API server requests (all clients)", n),
			Kpod:      fmt.Sprintf("kpod class %d in %s", kpReq, kpWall.Round(time.Second)),
			Reference: fmt.Sprintf("kubectl class %d in %s", kcReq, kcWall.Round(time.Second)),
			Ratio:     Ratio(float64(kpReq), float64(kcReq)), Goal: "-", Met: "-",
		})
	}
	left, progress, err := classLeft(ctx, c, env, class)
	if err != nil {
		return nil, nil, err
	}
	rows = append(rows, Row{Figure: "class: students who finished; kpod's objects left",
		Kpod: fmt.Sprintf("%d/%d; %d left", finished, total, left), Reference: "-", Ratio: "-",
		Goal: "all; 0 left", Met: Met(finished == total && left == 0, true)})
	notes = append(notes, progress)
	return rows, notes, nil
}

// classRun runs every student at once with run, and counts the API
// server's requests (from every client) while they run.
func classRun(ctx context.Context, env *clusterEnv, configs []string, who string, run func(kc string) student) ([]student, int64, time.Duration, error) {
	logf("class load: %d students at once, %s", len(configs), who)
	before, err := requestCount(ctx, env)
	if err != nil {
		return nil, 0, 0, err
	}
	t0 := time.Now()
	students := make([]student, len(configs))
	var wg sync.WaitGroup
	for i, kc := range configs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			students[i] = run(kc)
		}()
	}
	wg.Wait()
	wall := time.Since(t0)
	after, err := requestCount(ctx, env)
	if err != nil {
		return nil, 0, 0, err
	}
	return students, after - before, wall, nil
}

func times(ss []student, name string) Sample {
	var at Sample
	for _, s := range ss {
		if v, ok := s.times[name]; ok {
			at = append(at, v)
		}
	}
	return at
}

func cpus(ss []student) Sample {
	var at Sample
	for _, s := range ss {
		if s.failure == "" {
			at = append(at, s.cpu)
		}
	}
	return at
}

// runStudent runs the class lessons, then the practice task, as the
// student whose kubeconfig is kc; lessons and practice work in the
// student's namespace, which the kubeconfig's context names.
func runStudent(ctx context.Context, c config, kc string) student {
	s := student{name: strings.TrimSuffix(filepath.Base(kc), filepath.Ext(kc)), times: map[string]float64{}}
	env := append(os.Environ(), "NO_COLOR=1", "KUBECONFIG="+kc)
	for _, l := range classLessons {
		lctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		r := measure(lctx, env, c.kpod, l, "-o", "json", "--lang", "en")
		cancel()
		if ok, _ := doneRecord(r.stdout); r.err != nil || !ok {
			s.failure = fmt.Sprintf("kpod %s: %v: %s", l, r.err, lastLine(r.stderr))
			return s
		}
		s.times[l] = r.wall.Seconds()
		s.cpu += r.cpu
	}
	// The practice task: kpod waits for a Pod called web; the student makes
	// it with kubectl. Timed from the student's command to kpod's exit.
	pctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	practice := make(chan result, 1)
	ready := make(chan struct{})
	go func() {
		practice <- measureStarted(pctx, env, ready, c.kpod, "practice", "run", "web", "-o", "json", "--lang", "en")
	}()
	<-ready
	image := os.Getenv("KPOD_IMAGE_WEB")
	if image == "" {
		image = runenv.Images(nil, func(string) string { return "" })["web"]
	}
	t0 := time.Now()
	if r := measure(pctx, env, c.kubectl, "run", "web", "--image="+image, "--port=80"); r.err != nil {
		s.failure = fmt.Sprintf("kubectl run web: %v: %s", r.err, lastLine(r.stderr))
		return s
	}
	r := <-practice
	s.times["practice"] = time.Since(t0).Seconds()
	if ok, _ := doneRecord(r.stdout); r.err != nil || !ok {
		s.failure = fmt.Sprintf("kpod practice run web: %v: %s", r.err, lastLine(r.stderr))
	}
	// The student's own Pod is theirs to delete, not kpod's.
	_ = measure(context.WithoutCancel(ctx), env, c.kubectl, "delete", "pod", "web", "--now", "--ignore-not-found")
	return s
}

// measureStarted is measure that closes started once the process runs.
func measureStarted(ctx context.Context, env []string, started chan<- struct{}, argv ...string) result {
	var once sync.Once
	done := func() { once.Do(func() { close(started) }) }
	defer done()
	return measureHook(ctx, env, done, argv...)
}

// doneRecord reads kpod's -o json output: whether it ended well, and the
// seconds its done record gives.
func doneRecord(stdout []byte) (ok bool, seconds float64) {
	type done struct {
		Type    string  `json:"type"`
		OK      bool    `json:"ok"`
		Seconds float64 `json:"seconds"`
	}
	_ = eachRecord(bytes.NewReader(stdout), func(rec done) bool {
		if rec.Type != "done" {
			return true
		}
		ok, seconds = rec.OK, rec.Seconds
		return false
	})
	return ok, seconds
}

// requestCount is the API server's apiserver_request_total, summed.
func requestCount(ctx context.Context, env *clusterEnv) (int64, error) {
	data, err := env.client.CoreV1().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the API server's /metrics: %v", err)
	}
	var n float64
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "apiserver_request_total{") {
			continue
		}
		f := strings.Fields(line)
		if v, err := strconv.ParseFloat(f[len(f)-1], 64); err == nil {
			n += v
		}
	}
	return int64(n), nil
}

// classLeft counts kpod's objects left in the class's namespaces, and says
// whether `kpod class status` shows every student's lessons and task.
func classLeft(ctx context.Context, c config, env *clusterEnv, class string) (int, string, error) {
	r := measure(ctx, nil, c.kpod, "class", "status", "--class", class, "-o", "json")
	if r.err != nil {
		return 0, "", fmt.Errorf("kpod class status: %v: %s", r.err, lastLine(r.stderr))
	}
	type row struct {
		Namespace string   `json:"namespace"`
		Lessons   []string `json:"lessons"`
		Tasks     int      `json:"tasksSolved"`
	}
	var rows []row
	dec := json.NewDecoder(bytes.NewReader(r.stdout)) // one student a line
	for dec.More() {
		var s row
		if err := dec.Decode(&s); err != nil {
			return 0, "", fmt.Errorf("kpod class status -o json: %v", err)
		}
		rows = append(rows, s)
	}
	left, shown := 0, 0
	for _, s := range rows {
		objs, err := kube.Labelled(ctx, env.client, s.Namespace, kube.KpodSelector)
		if err != nil {
			return 0, "", err
		}
		left += len(objs)
		if len(s.Lessons) >= len(classLessons) && s.Tasks >= 1 {
			shown++
		}
	}
	return left, fmt.Sprintf("class load: `kpod class status` shows all three lessons and the task for %d of %d students", shown, len(rows)), nil
}
