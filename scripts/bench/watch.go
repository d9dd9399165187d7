package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kpod-dev/kpod/internal/kube"
)

// delivery is one change the bench's own watch received from the API server.
type delivery struct {
	at              time.Time
	pod             bool // a Pod change; else an Event
	reason, message string
	count           int32  // the Event's count
	rv              string // the object's resourceVersion
}

// line is one line a watcher printed, stamped as the bench read it.
type line struct {
	at   time.Time
	text string
}

// watchRun is what one watch-latency run measured.
type watchRun struct {
	kpod, kubectl                 Sample // ms from delivery to printed line
	kpodFirst, kubectlFirst, ties int
	lead                          Sample // ms kubectl's line came after kpod's, per change both printed
	unmatched                     int
	slow                          []string // kpod lines 100 ms or more after their delivery
}

// watchLatency starts `kpod watch POD -o json` and `kubectl get pod POD -w`
// next to the bench's own watch, then lets a Pod change: its scheduling gate
// is removed, it is scheduled and started, and its container exits and is
// restarted (with back-off) several times.
func watchLatency(ctx context.Context, c config, env *clusterEnv) ([]Row, []string, error) {
	var kpod, kubectl, p95s, lead Sample
	var kf, kcf, ties, unmatched int
	for i := 0; i < c.watchRuns; i++ {
		r, err := watchOnce(ctx, c, env, fmt.Sprintf("bench-watch-%d", i))
		if err != nil {
			return nil, nil, err
		}
		kpod = append(kpod, r.kpod...)
		kubectl = append(kubectl, r.kubectl...)
		lead = append(lead, r.lead...)
		p95s = append(p95s, r.kpod.Percentile(95))
		kf, kcf, ties, unmatched = kf+r.kpodFirst, kcf+r.kubectlFirst, ties+r.ties, unmatched+r.unmatched
		for _, l := range r.slow {
			logf("watch run %d: slow kpod line %s", i+1, l)
		}
		logf("watch run %d: kpod p50 %.0f ms p95 %.0f ms over %d lines; kubectl p50 %.0f ms; first: kpod %d, kubectl %d, same ms %d",
			i+1, r.kpod.Median(), r.kpod.Percentile(95), len(r.kpod), r.kubectl.Median(), r.kpodFirst, r.kubectlFirst, r.ties)
	}
	p95 := kpod.Percentile(95)
	var behind Sample // ms kpod printed a change after kubectl did (0 when first)
	for _, l := range lead {
		behind = append(behind, max(-l, 0))
	}
	rows := []Row{
		{Figure: "watch: delay from the API server's delivery to the printed line, p50", Kpod: fmt.Sprintf("%.0f ms (%d lines, %d runs)", kpod.Median(), len(kpod), c.watchRuns),
			Reference: fmt.Sprintf("`kubectl get pod -w` %.0f ms (%d lines)", kubectl.Median(), len(kubectl)), Ratio: Ratio(kpod.Median(), kubectl.Median()), Goal: "-", Met: "-"},
		{Figure: "watch: same, p95", Kpod: fmt.Sprintf("%.0f ms (per run %.0f–%.0f ms)", p95, p95s.Min(), p95s.Max()),
			Reference: fmt.Sprintf("`kubectl get pod -w` %.0f ms", kubectl.Percentile(95)), Ratio: Ratio(p95, kubectl.Percentile(95)), Goal: "< 50 ms", Met: Met(p95 < 50, len(kpod) > 0)},
		{Figure: "watch: who printed a Pod change first", Kpod: fmt.Sprintf("kpod first %d, same ms %d; kpod behind kubectl p95 %.0f ms", kf, ties, behind.Percentile(95)),
			Reference: fmt.Sprintf("kubectl first %d; kubectl's lag median %.0f ms (%.0f–%.0f)", kcf, lead.Median(), lead.Min(), lead.Max()), Ratio: "-",
			Goal: "behind kubectl ≤ 10 ms (p95)", Met: Met(behind.Percentile(95) <= 10, kf+kcf+ties > 0)},
	}
	notes := []string{"watch: each run's Pod is held by a scheduling gate until all three watches run; its container exits after 1 s and is restarted (back-off 0 s, 10 s). " +
		"kpod's line is matched to the delivery of the same resourceVersion (a line printed before the bench's own watch got the change counts 0 ms); " +
		"kubectl prints one line per Pod change, matched in order."}
	if unmatched > 0 {
		notes = append(notes, fmt.Sprintf("watch: %d kpod lines matched no delivery the bench saw (left out)", unmatched))
	}
	return rows, notes, nil
}

func shellImage() string {
	if img := os.Getenv("KPOD_IMAGE_SHELL"); img != "" {
		return img
	}
	return "busybox:1.37"
}

func watchOnce(ctx context.Context, c config, env *clusterEnv, name string) (watchRun, error) {
	var r watchRun
	pods := env.client.CoreV1().Pods(env.namespace)
	zero := int64(0)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app.kubernetes.io/managed-by": "kpod-bench"}},
		Spec: corev1.PodSpec{
			SchedulingGates:               []corev1.PodSchedulingGate{{Name: "kpod.dev/bench"}},
			TerminationGracePeriodSeconds: &zero,
			Containers: []corev1.Container{{Name: "crash", Image: shellImage(), ImagePullPolicy: corev1.PullIfNotPresent,
				Command: []string{"sh", "-c", "sleep 1; exit 1"}}},
		},
	}
	created, err := pods.Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return r, fmt.Errorf("creating pod/%s: %v", name, err)
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = pods.Delete(dctx, name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
		waitGone(dctx, env, name)
	}()

	wctx, stop := context.WithCancel(ctx)
	defer stop()
	var mu sync.Mutex
	var got []delivery
	pw, err := pods.Watch(wctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String(), ResourceVersion: created.ResourceVersion})
	if err != nil {
		return r, err
	}
	ew, err := env.client.CoreV1().Events(env.namespace).Watch(wctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("involvedObject.name", name).String(), ResourceVersion: created.ResourceVersion})
	if err != nil {
		return r, err
	}
	collect := func(w watch.Interface) {
		for e := range w.ResultChan() {
			at := time.Now()
			d := delivery{at: at}
			switch o := e.Object.(type) {
			case *corev1.Pod:
				d.pod, d.rv = true, o.ResourceVersion
			case *corev1.Event:
				d.reason, d.message, d.count, d.rv = o.Reason, o.Message, kube.EventCount(o), o.ResourceVersion
			default:
				continue
			}
			if e.Type == watch.Deleted && !d.pod {
				continue
			}
			mu.Lock()
			got = append(got, d)
			mu.Unlock()
		}
	}
	go collect(pw)
	go collect(ew)
	defer pw.Stop()
	defer ew.Stop()

	kp, kpLines, err := startLines(c.kpod, "watch", name, "-n", env.namespace, "-o", "json", "--no-color")
	if err != nil {
		return r, err
	}
	kc, kcLines, err := startLines(c.kubectl, "get", "pod", name, "-n", env.namespace, "-w", "--no-headers")
	if err != nil {
		_ = kp.Process.Kill()
		return r, err
	}
	// Both watchers are ready once each printed the gated Pod (kpod: its
	// Pending phase, when its Pod informer syncs; its Event informer syncs
	// alongside, hence the extra second).
	deadline := time.Now().Add(60 * time.Second)
	for (len(kcLines.get()) == 0 || len(kpLines.get()) == 0) && time.Now().Before(deadline) && ctx.Err() == nil {
		sleep(ctx, 50*time.Millisecond)
	}
	if len(kcLines.get()) == 0 || len(kpLines.get()) == 0 {
		_ = kp.Process.Kill()
		_ = kc.Process.Kill()
		_, _ = kp.Process.Wait()
		_, _ = kc.Process.Wait()
		return r, fmt.Errorf("kpod watch or kubectl get -w printed nothing about pod/%s within 60s", name)
	}
	sleep(ctx, time.Second)
	gate := time.Now()
	patch := []byte(`[{"op":"remove","path":"/spec/schedulingGates"}]`)
	if _, err := pods.Patch(ctx, name, types.JSONPatchType, patch, metav1.PatchOptions{}); err != nil {
		return r, fmt.Errorf("removing pod/%s's scheduling gate: %v", name, err)
	}
	sleep(ctx, 17*time.Second) // start, exit, restart, exit, 10 s back-off, restart, exit
	_ = kp.Process.Signal(syscall.SIGINT)
	_ = kc.Process.Kill()
	for _, ls := range []*lines{kpLines, kcLines} {
		select {
		case <-ls.done:
		case <-time.After(10 * time.Second):
		}
	}
	_ = kp.Process.Kill()
	_ = kp.Wait()
	_ = kc.Wait()
	stop()

	mu.Lock()
	defer mu.Unlock()
	return match(gate, got, kpLines.get(), kcLines.get()), nil
}

// match pairs the lines kpod and kubectl printed after gate with the
// changes the bench's watch saw delivered.
func match(gate time.Time, got []delivery, kpod, kubectl []line) watchRun {
	var r watchRun
	var podDel []delivery
	for _, d := range got {
		if d.pod && !d.at.Before(gate) {
			podDel = append(podDel, d)
		}
	}
	podOf := func(at time.Time) int { // the latest Pod change delivered before at
		best := -1
		for i, d := range podDel {
			if !d.at.After(at) {
				best = i
			}
		}
		return best
	}
	kpodAt := map[int]time.Time{}
	for _, l := range kpod {
		if l.at.Before(gate) {
			continue
		}
		var a struct {
			Type, Source, Reason, Message, ResourceVersion string
			Count                                          int32
		}
		if json.Unmarshal([]byte(l.text), &a) != nil || a.Type != "event" {
			continue
		}
		if a.ResourceVersion != "" {
			// The change the line tells, exactly. The bench's own watch may
			// get it a moment after kpod printed it: then kpod was not late.
			from := -1
			for i, d := range got {
				if d.rv == a.ResourceVersion && d.pod == (a.Source == "pod") {
					from = i
					break
				}
			}
			if from < 0 || got[from].at.Before(gate) {
				r.unmatched++
				continue
			}
			r.add(l, got[from].at)
			if a.Source == "pod" {
				for i, d := range podDel {
					if d.rv == a.ResourceVersion {
						if _, ok := kpodAt[i]; !ok {
							kpodAt[i] = l.at
						}
					}
				}
			}
			continue
		}
		if a.Source == "event" {
			var from *delivery
			for i := range got {
				d := &got[i]
				if !d.pod && d.reason == a.Reason && d.message == a.Message && (a.Count == 0 || d.count == a.Count) && !d.at.After(l.at) {
					from = d
				}
			}
			if from == nil || from.at.Before(gate) {
				r.unmatched++
				continue
			}
			r.add(l, from.at)
			continue
		}
		i := podOf(l.at)
		if i < 0 {
			r.unmatched++
			continue
		}
		r.add(l, podDel[i].at)
		if n := i + 1; n < len(podDel) && l.at.Sub(podDel[i].at) >= 100*time.Millisecond {
			r.slow[len(r.slow)-1] += fmt.Sprintf(" (the bench's next Pod delivery came %d ms after this line)", podDel[n].at.Sub(l.at).Milliseconds())
		}
		if _, ok := kpodAt[i]; !ok {
			kpodAt[i] = l.at
		}
	}
	var after []line
	for _, l := range kubectl {
		if !l.at.Before(gate) {
			after = append(after, l)
		}
	}
	for i, l := range after {
		if i >= len(podDel) {
			break
		}
		r.kubectl = append(r.kubectl, millis(l.at.Sub(podDel[i].at)))
		if k, ok := kpodAt[i]; ok {
			d := l.at.Sub(k)
			r.lead = append(r.lead, millis(d))
			switch {
			case d.Round(time.Millisecond) == 0:
				r.ties++
			case d > 0:
				r.kpodFirst++
			default:
				r.kubectlFirst++
			}
		}
	}
	return r
}

func (r *watchRun) add(l line, delivered time.Time) {
	d := max(l.at.Sub(delivered), 0)
	r.kpod = append(r.kpod, millis(d))
	if d >= 100*time.Millisecond {
		r.slow = append(r.slow, fmt.Sprintf("%d ms: %s", d.Milliseconds(), l.text))
	}
}

// lines collects what a process prints, each line stamped as read.
type lines struct {
	mu   sync.Mutex
	l    []line
	done chan struct{} // closed at the end of the output
}

func (ls *lines) get() []line {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return append([]line(nil), ls.l...)
}

func startLines(argv0 string, args ...string) (*exec.Cmd, *lines, error) {
	cmd := exec.Command(argv0, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", argv0, err)
	}
	ls := &lines{done: make(chan struct{})}
	go func(r io.Reader) {
		defer close(ls.done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			at := time.Now()
			ls.mu.Lock()
			ls.l = append(ls.l, line{at: at, text: strings.TrimSpace(sc.Text())})
			ls.mu.Unlock()
		}
	}(out)
	return cmd, ls, nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// waitGone waits, on a watch, until pod/name is deleted.
func waitGone(ctx context.Context, env *clusterEnv, name string) {
	pods := env.client.CoreV1().Pods(env.namespace)
	list, err := pods.List(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String()})
	if err != nil || len(list.Items) == 0 {
		return
	}
	w, err := pods.Watch(ctx, metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String(), ResourceVersion: list.ResourceVersion})
	if err != nil {
		return
	}
	defer w.Stop()
	for e := range w.ResultChan() {
		if e.Type == watch.Deleted {
			return
		}
	}
}
