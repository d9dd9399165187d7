package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// lessonRun is one run of one lesson.
type lessonRun struct {
	ok       bool
	wall     time.Duration // from start to exit, as the bench saw it
	seconds  float64       // the done record's own figure
	requests map[string]int
	maxRSS   float64
	commands []string // the kubectl commands the lesson showed
	failure  string
	// dns is how long the lesson waited for the cluster's DNS to forget a
	// deleted Service's address (from kpod's note saying so to the output
	// it waited for): a run soon after another in the same namespace.
	dns time.Duration
}

// variant is one lesson with one set of option values.
type variant struct {
	l      *lessons.Lesson
	v      lessons.Values
	name   string
	floor  Floor
	runs   []lessonRun
	course bool // the lesson's defaults: part of the course total
}

func lessonsBench(ctx context.Context, c config, env *clusterEnv) ([]Row, []string, error) {
	logf("Pod start-up and deletion: %d plain Pods, one at a time", startupRuns)
	startups, deletions, err := podStartups(ctx, c, env, startupRuns)
	if err != nil {
		return nil, nil, fmt.Errorf("measuring a Pod's start-up: %v", err)
	}
	env.cluster.PodStartup = time.Duration(startups.Median() * float64(time.Second)).Round(100 * time.Millisecond)
	env.cluster.PodDeletion = time.Duration(deletions.Median() * float64(time.Second)).Round(100 * time.Millisecond)
	var vs []*variant
	for _, l := range all.Lessons {
		if len(c.lessons) > 0 && !c.lessons[l.Name] {
			continue
		}
		for i, v := range variants(l) {
			f, err := LessonFloor(l, v, env.cluster)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %v", l.Name, err)
			}
			vs = append(vs, &variant{l: l, v: v, name: lessonName(l, v), floor: f, course: i == 0})
		}
	}
	logf("kubectl's request costs (-v=6)")
	costs, err := kubectlCosts(ctx, c, env)
	if err != nil {
		return nil, nil, err
	}
	// Round-robin: run i of every lesson, then run i+1, so that load on the
	// machine falls on each alike and each round is one pass of the course.
	for i := 0; i < c.lessonRuns; i++ {
		for _, v := range vs {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			r := runLesson(ctx, c, env, v)
			logf("round %d/%d: %s: %s, %d requests, %.0f MiB, ok=%v %s", i+1, c.lessonRuns, v.name, r.wall.Round(100*time.Millisecond), total(r.requests), r.maxRSS, r.ok, r.failure)
			v.runs = append(v.runs, r)
		}
	}
	var rows []Row
	var notes []string
	var course Sample
	for i := 0; i < c.lessonRuns; i++ {
		sum, whole := 0.0, true
		for _, v := range vs {
			if v.course {
				sum += v.runs[i].wall.Seconds()
				whole = whole && v.runs[i].ok
			}
		}
		if whole {
			course = append(course, sum)
		}
	}
	unknown := map[string]bool{}
	for _, v := range vs {
		var wall, reqs, rss Sample
		fails, stale := 0, Sample{}
		byVerb := map[string]Sample{}
		for _, r := range v.runs {
			if !r.ok {
				fails++
				notes = append(notes, fmt.Sprintf("%s failed once: %s", v.name, r.failure))
				continue
			}
			wall = append(wall, (r.wall - r.dns).Seconds())
			if r.dns > 0 {
				stale = append(stale, r.dns.Seconds())
			}
			reqs = append(reqs, float64(total(r.requests)))
			rss = append(rss, r.maxRSS)
			for verb, n := range r.requests {
				byVerb[verb] = append(byVerb[verb], float64(n))
			}
		}
		floor := v.floor.Total().Seconds()
		goal := 1.2*floor + 3
		kWall := Row{Figure: "lesson `" + v.name + "`: wall", Kpod: wall.Summary(secs), Reference: fmt.Sprintf("floor %.1f s", floor),
			Ratio: Ratio(wall.Median(), floor), Goal: fmt.Sprintf("≤ 1.2 × floor + 3 s = %.1f s", goal), Met: Met(wall.Median() <= goal, len(wall) > 0)}
		if fails > 0 {
			kWall.Kpod += fmt.Sprintf(", %d failed", fails)
		}
		if len(stale) > 0 {
			kWall.Kpod += fmt.Sprintf(", less the cluster's DNS cache in %d run(s): %s", len(stale), stale.Summary(secs))
		}
		// kubectl: the commands the lesson showed, each at its form's cost,
		// and the watches a student needs to see what kpod shows live.
		kubectl, shown, watching := 0, 0, 0
		if len(v.runs) > 0 {
			for _, cmd := range v.runs[0].commands {
				form, n := formOf(cmd)
				cost, ok := costs[form]
				if !ok {
					unknown[cmd] = true
					continue
				}
				shown++
				kubectl += n * total(cost)
			}
			for form, n := range watchesFor(v.runs[0].commands) {
				watching += n
				kubectl += n * total(costs[form])
			}
		}
		verbs := make([]string, 0, len(byVerb))
		for verb := range byVerb {
			verbs = append(verbs, verb)
		}
		sort.Strings(verbs)
		var per []string
		for _, verb := range verbs {
			per = append(per, fmt.Sprintf("%s %.0f", verb, byVerb[verb].Median()))
		}
		kReq := Row{Figure: "lesson `" + v.name + "`: API requests (" + strings.Join(per, ", ") + ")", Kpod: reqs.Summary(num),
			Reference: fmt.Sprintf("kubectl, the %d commands shown and %d watches: %d", shown, watching, kubectl), Ratio: Ratio(reqs.Median(), float64(kubectl)),
			Goal: "≤ kubectl", Met: Met(reqs.Median() <= float64(kubectl), len(reqs) > 0 && kubectl > 0)}
		kRSS := Row{Figure: "lesson `" + v.name + "`: peak RSS", Kpod: rss.Summary(mib), Reference: "-", Ratio: "-", Goal: "-", Met: "-"}
		rows = append(rows, kWall, kReq, kRSS)
		notes = append(notes, fmt.Sprintf("floor of `%s`: %s", v.name, v.floor))
	}
	notes = append(notes, fmt.Sprintf("Pod start-up, create → Ready of one plain Pod (image %s) as the floors count it, once per wave of Pods a lesson starts together: %s",
		runenv.Images(nil, os.Getenv)["web"], startups.Summary(secs)))
	var courseFloor float64
	for _, v := range vs {
		if v.course {
			courseFloor += v.floor.Total().Seconds()
		}
	}
	rows = append(rows, Row{Figure: "the course: the nine lessons' defaults in a row", Kpod: course.Summary(secs), Reference: fmt.Sprintf("floor %.1f s", courseFloor),
		Ratio: Ratio(course.Median(), courseFloor), Goal: "< 200 s", Met: Met(course.Median() < 200, len(course) > 0)})
	var forms []string
	for form, cost := range costs {
		forms = append(forms, fmt.Sprintf("`%s` %d", form, total(cost)))
	}
	sort.Strings(forms)
	notes = append(notes, "kubectl's cost per command, measured once with -v=6 (warm discovery cache): "+strings.Join(forms, ", ")+
		". A lesson's kubectl figure adds up the commands it shows and the watches a student needs to see what kpod shows live: one `get -w` for each `kubectl wait` shown (a wave of Pods), one `get events -w` for the lesson.")
	if len(unknown) > 0 {
		var u []string
		for cmd := range unknown {
			u = append(u, "`"+cmd+"`")
		}
		sort.Strings(u)
		notes = append(notes, "commands shown but not counted for kubectl: "+strings.Join(u, ", "))
	}
	return rows, notes, nil
}

// runLesson runs one lesson under the e2e lock (so it does not collide
// with an e2e run) and reads its -o json records.
func runLesson(ctx context.Context, c config, env *clusterEnv, v *variant) lessonRun {
	unlock, err := flock(c.lock)
	if err != nil {
		return lessonRun{failure: err.Error()}
	}
	defer unlock()
	args := []string{c.kpod, v.l.Name, "-n", env.namespace, "-o", "json", "--no-color", "--lang", "en"}
	for k, x := range v.v {
		args = append(args, "--"+k, x)
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	res := measure(rctx, append(os.Environ(), "NO_COLOR=1"), args...)
	r := readRun(res.stdout)
	r.wall, r.maxRSS = res.wall, res.maxRSS
	if res.err != nil || !r.ok {
		r.ok = false
		r.failure = strings.TrimSpace(fmt.Sprint(res.err, ": ", lastLine(res.stderr)))
	}
	return r
}

// readRun reads a lesson run's records: the commands it showed, how it
// ended, and how long it waited for the cluster's DNS.
func readRun(stdout []byte) lessonRun {
	var r lessonRun
	type told struct {
		Type    string         `json:"type"`
		Command string         `json:"command"`
		OK      bool           `json:"ok"`
		Seconds float64        `json:"seconds"`
		ByVerb  map[string]int `json:"requests_by_verb"`
		Text    string         `json:"text"`
		T       float64        `json:"t"`
		Facts   struct{ Old, IP string }
	}
	noted := -1.0 // when kpod said a name still gives a deleted Service's address
	_ = eachRecord(bytes.NewReader(stdout), func(rec told) bool {
		switch rec.Type {
		case "note":
			if rec.Facts.Old != "" && rec.Facts.IP != "" {
				noted = rec.T
			}
		case "output":
			if noted >= 0 {
				r.dns += time.Duration((rec.T - noted) * float64(time.Second))
				noted = -1
			}
		case "command":
			if strings.HasPrefix(rec.Command, "kubectl ") {
				r.commands = append(r.commands, rec.Command)
			}
		case "done":
			r.ok, r.seconds, r.requests = rec.OK, rec.Seconds, rec.ByVerb
		}
		return true
	})
	return r
}

// flock takes an exclusive lock on path, waiting for it.
func flock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %v", path, err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// startupRuns is how many plain Pods podStartups starts.
const startupRuns = 3

// podStartups measures how long one plain Pod takes on this cluster from
// create to Ready (the web image, which the lessons use too), and from a
// delete with kpod's grace to gone, runs times, one at a time and under the
// e2e lock, on a watch. The floors count a start-up for each wave of Pods a
// lesson starts together, and a deletion for each delete it waits for.
func podStartups(ctx context.Context, c config, env *clusterEnv, runs int) (startups, deletions Sample, err error) {
	unlock, err := flock(c.lock)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	pods := env.client.CoreV1().Pods(env.namespace)
	zero, grace := int64(0), int64(kube.Grace)
	for i := 0; i < runs; i++ {
		name := fmt.Sprintf("bench-startup-%d", i)
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"kpod.dev/bench": "startup"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: runenv.Images(nil, os.Getenv)["web"]}}},
		}
		start := time.Now()
		if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			return nil, nil, err
		}
		_, err := kube.WaitPod(ctx, env.client, env.namespace, name, time.Minute, func(p *corev1.Pod) (bool, error) {
			return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue, nil
		})
		took := time.Since(start)
		if err != nil {
			_ = pods.Delete(ctx, name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
			return nil, nil, err
		}
		start = time.Now()
		if err := pods.Delete(ctx, name, metav1.DeleteOptions{GracePeriodSeconds: &grace}); err != nil {
			return nil, nil, err
		}
		if err := kube.WaitGone(ctx, env.client, env.namespace, name, time.Minute); err != nil {
			return nil, nil, err
		}
		gone := time.Since(start)
		logf("Pod %d/%d: start-up %s, deletion %s", i+1, runs, took.Round(10*time.Millisecond), gone.Round(10*time.Millisecond))
		startups = append(startups, took.Seconds())
		deletions = append(deletions, gone.Seconds())
	}
	return startups, deletions, nil
}
