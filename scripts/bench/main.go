// Command bench measures kpod against kubectl and against each lesson's
// floor on the real test cluster, and prints one Markdown table
// (docs/bench.md). Run it with `make bench`; it is not part of CI.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	kpod, kubectl string
	namespace     string
	startRuns     int
	watchRuns     int
	lessonRuns    int
	students      []int // class sizes, each measured with kpod and with kubectl
	only          map[string]bool
	lessons       map[string]bool
	out           string
	lock          string
	practiceFrom  string
}

func main() {
	var c config
	var only, lessonList string
	flag.StringVar(&c.kpod, "kpod", "bin/kpod", "the kpod binary to measure")
	flag.StringVar(&c.kubectl, "kubectl", "kubectl", "the kubectl to compare with")
	flag.StringVar(&c.namespace, "n", "kpod-bench", "namespace for everything the bench and the lessons make (removed at the end if the bench made it)")
	flag.IntVar(&c.startRuns, "startup-runs", 10, "paired start-up runs")
	flag.IntVar(&c.watchRuns, "watch-runs", 3, "watch-latency runs")
	flag.IntVar(&c.lessonRuns, "lesson-runs", 3, "runs of each lesson")
	var students string
	flag.StringVar(&students, "students", "5,10,20", "class sizes in the class section, comma-separated")
	flag.StringVar(&only, "only", "startup,watch,lessons,practice,class", "sections to run")
	flag.StringVar(&lessonList, "lessons", "", "lessons to run (default: all, with every --mechanism/--pattern)")
	flag.StringVar(&c.out, "o", "", "also write the report to this file")
	flag.StringVar(&c.practiceFrom, "practice-from", "", "read the practice latencies a `make e2e-practice` run wrote (KPOD_BENCH_LATENCY) instead of running it")
	flag.StringVar(&c.lock, "lock", "/tmp/kpod-e2e.lock", "file to flock around each lesson run, shared with e2e runs")
	flag.Parse()
	c.only = set(only)
	for _, f := range strings.Split(students, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fail("-students %q: want class sizes like 5,10,20", students)
		}
		c.students = append(c.students, n)
	}
	c.lessons = set(lessonList)
	if p, err := exec.LookPath(c.kpod); err == nil {
		c.kpod, _ = filepath.Abs(p)
	} else {
		fail("no kpod binary at %s: run `make build` first", c.kpod)
	}
	if p, err := exec.LookPath(c.kubectl); err == nil {
		c.kubectl = p
	} else {
		fail("no kubectl (%s): eval \"$(scripts/e2e-cluster env)\" first", c.kubectl)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	report, err := run(ctx, c)
	if err != nil {
		fail("%v", err)
	}
	fmt.Print(report)
	if c.out != "" {
		if err := os.WriteFile(c.out, []byte(report), 0o644); err != nil {
			fail("%v", err)
		}
	}
}

func set(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
	os.Exit(1)
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "%s bench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}

// run measures every section asked for and returns the report.
func run(ctx context.Context, c config) (string, error) {
	load := startLoad(ctx)
	start := time.Now()
	var rows []Row
	var notes []string
	var env *clusterEnv
	if c.only["watch"] || c.only["lessons"] || c.only["class"] || c.only["practice"] && c.practiceFrom == "" {
		var err error
		env, err = connect(ctx, c.namespace)
		if err != nil {
			return "", err
		}
		defer env.close()
	}
	if c.only["startup"] {
		logf("start-up: %d paired runs", c.startRuns)
		r, err := startup(ctx, c)
		if err != nil {
			return "", err
		}
		rows = append(rows, r...)
	}
	if c.only["watch"] {
		logf("watch latency: %d runs", c.watchRuns)
		r, n, err := watchLatency(ctx, c, env)
		if err != nil {
			return "", err
		}
		rows = append(rows, r...)
		notes = append(notes, n...)
	}
	if c.only["lessons"] {
		r, n, err := lessonsBench(ctx, c, env)
		if err != nil {
			return "", err
		}
		rows = append(rows, r...)
		notes = append(notes, n...)
	}
	if c.only["practice"] {
		r, n, err := practiceLatency(ctx, c, env)
		if err != nil {
			return "", err
		}
		rows = append(rows, r...)
		notes = append(notes, n...)
	}
	if c.only["class"] {
		r, n, err := classLoad(ctx, c, env)
		if err != nil {
			return "", err
		}
		rows = append(rows, r...)
		notes = append(notes, n...)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "date: %s (%s)\n", start.UTC().Format("2006-01-02 15:04 MST"), time.Since(start).Round(time.Second))
	fmt.Fprintf(&b, "machine: %d CPUs, %s memory, %s %s; load average (1 min) during the run: %s\n", runtime.NumCPU(), memTotal(), runtime.GOOS, runtime.GOARCH, load.summary())
	if env != nil {
		fmt.Fprintf(&b, "cluster: %s (%s), node %s; %s\n", env.version, env.server, env.node, env.cluster.describe())
	}
	fmt.Fprintf(&b, "kpod: %s; kubectl: %s\n\n", version(c.kpod, "version"), version(c.kubectl, "version", "--client"))
	b.WriteString(Table(rows))
	if len(notes) > 0 {
		b.WriteString("\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String(), nil
}

func version(bin string, args ...string) string {
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		return filepath.Base(bin)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	var kb int
	for _, l := range strings.Split(string(data), "\n") {
		if _, err := fmt.Sscanf(l, "MemTotal: %d kB", &kb); err == nil {
			return fmt.Sprintf("%.1f GiB", float64(kb)/1024/1024)
		}
	}
	return "?"
}

// loadSampler reads the 1-minute load average every 5 s.
type loadSampler struct{ samples chan float64 }

func startLoad(ctx context.Context) *loadSampler {
	l := &loadSampler{samples: make(chan float64, 100000)}
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			if v, ok := loadavg(); ok {
				l.samples <- v
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return l
}

func (l *loadSampler) summary() string {
	var s Sample
	for {
		select {
		case v := <-l.samples:
			s = append(s, v)
			continue
		default:
		}
		break
	}
	if v, ok := loadavg(); ok {
		s = append(s, v)
	}
	if len(s) == 0 {
		return "?"
	}
	return fmt.Sprintf("median %.1f (%.1f–%.1f)", s.Median(), s.Min(), s.Max())
}

func loadavg() (float64, bool) {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	var v float64
	_, err = fmt.Sscanf(string(data), "%f", &v)
	return v, err == nil
}
