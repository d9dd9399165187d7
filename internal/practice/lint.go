package practice

// kpod practice lint: what is wrong in a file of tasks, and (--cluster)
// whether each task's solution holds and its near-misses do not, on a
// real cluster, in scratch namespaces kpod makes and deletes.

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/timeline"
)

// LintLabel marks the scratch namespaces of lint --cluster.
const LintLabel = "kpod.dev/lint"

// Lint lists what is wrong in a file of tasks, one line per problem.
// images fill {{image ROLE}} in the manifests.
func Lint(data []byte, images map[string]string) []string {
	f, err := Parse(data)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	if len(f.Tasks) == 0 {
		bad("no tasks")
	}
	seen := map[string]bool{}
	w := &World{Namespace: DefaultNamespace, Images: images} // no nodes
	for i, t := range f.Tasks {
		at := t.Key
		if at == "" {
			at = fmt.Sprintf("tasks[%d]", i)
			bad("%s: no key", at)
		}
		if seen[t.Key] {
			bad("%s: the key appears twice", at)
		}
		seen[t.Key] = true
		for _, lang := range text.Languages {
			words := map[string]*TaskText{"en": t.En, "ko": t.Ko}[lang]
			switch {
			case words == nil:
				bad("%s: no %s text", at, lang)
				continue
			case strings.TrimSpace(words.Title) == "":
				bad("%s: %s: no title", at, lang)
			}
			if strings.TrimSpace(words.Text) == "" {
				bad("%s: %s: no text", at, lang)
			}
			if len(words.Hints) == 0 {
				bad("%s: %s: no hint", at, lang)
			}
			if strings.TrimSpace(words.Solution) == "" {
				bad("%s: %s: no solution text", at, lang)
			}
			for _, body := range append([]string{words.Title, words.Text, words.Solution}, words.Hints...) {
				if _, err := w.render(body); err != nil {
					bad("%s: %s: %v", at, lang, err)
				}
			}
		}
		if t.En != nil && t.Ko != nil && len(t.En.Hints) != len(t.Ko.Hints) {
			bad("%s: %d hints in en, %d in ko", at, len(t.En.Hints), len(t.Ko.Hints))
		}
		if _, err := t.Check.Build(); err != nil {
			bad("%s: %v", at, err)
		}
		if t.Setup != "" {
			if err := lintManifests(t.Setup, w); err != nil {
				bad("%s: setup: %v", at, err)
			}
		}
		if len(t.Solution) == 0 && !t.Node {
			bad("%s: no solution steps", at)
		}
		for j, s := range t.Solution {
			if err := lintStep(s, w); err != nil {
				bad("%s: solution[%d]: %v", at, j, err)
			}
		}
		if len(t.NearMiss) == 0 {
			bad("%s: no nearMiss", at)
		}
		for j, nm := range t.NearMiss {
			if strings.TrimSpace(nm.Differs) == "" {
				bad("%s: nearMiss[%d]: no differs (the one point it gets wrong)", at, j)
			}
			if len(nm.Steps) == 0 {
				bad("%s: nearMiss[%d]: no steps", at, j)
			}
			for k, s := range nm.Steps {
				if err := lintStep(s, w); err != nil {
					bad("%s: nearMiss[%d].steps[%d]: %v", at, j, k, err)
				}
			}
		}
	}
	return out
}

func lintStep(s Step, w *World) error {
	n := 0
	for _, set := range []bool{s.Apply != "", s.Ready != "", s.Exec != nil, s.Delete != ""} {
		if set {
			n++
		}
	}
	switch {
	case n != 1:
		return fmt.Errorf("say exactly one of apply, ready, exec, delete")
	case s.Exec != nil && (s.Exec.Pod == "" || len(s.Exec.Command) == 0):
		return fmt.Errorf("exec needs pod and command")
	case s.Delete != "":
		kind, name, _ := strings.Cut(s.Delete, "/")
		if name == "" || !deletable[kind] {
			return fmt.Errorf("delete: %q is not pod/NAME, service/NAME, configmap/NAME or secret/NAME", s.Delete)
		}
	case s.Apply != "":
		return lintManifests(s.Apply, w)
	}
	return nil
}

func lintManifests(body string, w *World) error {
	out, err := w.render(body)
	if err != nil {
		return err
	}
	objs, err := Manifests([]byte(out))
	if err == nil && len(objs) == 0 {
		err = fmt.Errorf("no object")
	}
	return err
}

// LintCluster applies each task's solution and near-misses, each in a
// scratch namespace of its own, all at once, and reports one line per
// task: the solution must hold and every near-miss must not, while the
// solution's time plus a margin passes. The namespaces are deleted at the
// end, also when ctx ends (Ctrl-C). Each namespace is watched by a Coach
// given the Env, in that namespace.
type LintCluster struct {
	Env     runenv.Env
	Timeout time.Duration // for a solution to hold (default 3m)
	Margin  time.Duration // a near-miss is watched this long after its solution held (default 15s)
}

// LintResult is what lint --cluster found for one task.
type LintResult struct {
	Task string
	OK   bool
	Line string
}

// Run lints every task of f.
func (l *LintCluster) Run(ctx context.Context, f *File) []LintResult {
	if l.Timeout == 0 {
		l.Timeout = 3 * time.Minute
	}
	if l.Margin == 0 {
		l.Margin = 15 * time.Second
	}
	run := utilrand.String(5)
	var made sync.Map
	defer func() { // also on Ctrl-C: the namespaces go
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		made.Range(func(k, _ any) bool {
			_ = l.Env.Clients.Client.CoreV1().Namespaces().Delete(dctx, k.(string), metav1.DeleteOptions{})
			return true
		})
	}()
	out := make([]LintResult, len(f.Tasks))
	var wg sync.WaitGroup
	for i, t := range f.Tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = l.task(ctx, fmt.Sprintf("kpod-lint-%s-%d", run, i), t, &made)
		}()
	}
	wg.Wait()
	return out
}

// task judges one task: its solution in ns-s, its near-misses in ns-N.
func (l *LintCluster) task(ctx context.Context, ns string, t TaskSpec, made *sync.Map) LintResult {
	check, err := t.Check.Build()
	if err != nil {
		return LintResult{Task: t.Key, Line: t.Key + ": " + err.Error()}
	}
	solved := make(chan time.Duration, 1)
	var solLine string
	solOK := true
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(solved)
		if t.Node || len(t.Solution) == 0 {
			solLine = l.Env.Scene().Say(words, "lint.node", nil)
			return
		}
		took, ok, why := l.play(ctx, ns+"-s", withSetup(t, t.Solution), check, made, nil)
		if !ok {
			solOK, solLine = false, l.Env.Scene().Say(words, "lint.solution.fails", text.Facts{"Why": why})
			return
		}
		solLine = l.Env.Scene().Say(words, "lint.solution.holds", text.Facts{"Took": took.Round(100 * time.Millisecond)})
		solved <- took
	}()
	nearLines := make([]string, len(t.NearMiss))
	nearOK := make([]bool, len(t.NearMiss))
	for j, nm := range t.NearMiss {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, held, _ := l.play(ctx, fmt.Sprintf("%s-n%d", ns, j), withSetup(t, nm.Steps), check, made, solved)
			nearOK[j] = !held
			if held {
				nearLines[j] = l.Env.Scene().Say(words, "lint.nearmiss.holds", text.Facts{"Differs": nm.Differs})
			}
		}()
	}
	wg.Wait()
	ok := solOK && ctx.Err() == nil
	parts := []string{solLine}
	failing := 0
	for j := range t.NearMiss {
		if nearOK[j] {
			failing++
		} else {
			ok = false
			parts = append(parts, nearLines[j])
		}
	}
	parts = append(parts, l.Env.Scene().Say(words, "lint.nearmiss.fail", text.Facts{"Failed": failing, "Of": len(t.NearMiss)}))
	mark := "✓"
	if !ok {
		mark = "✗"
	}
	return LintResult{Task: t.Key, OK: ok, Line: mark + " " + t.Key + ": " + strings.Join(parts, "; ")}
}

// play makes a scratch namespace, runs steps in it, then watches until
// check holds. Without solved (the solution itself) it waits up to the
// timeout; with it (a near-miss), until the solution's time plus the
// margin has passed too.
func (l *LintCluster) play(ctx context.Context, ns string, steps []Step, check Check, made *sync.Map, solved <-chan time.Duration) (time.Duration, bool, string) {
	c := l.Env.Clients.Client
	clk := l.Env.Clock
	start := clk.Now()
	obj := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{
		kube.ManagedBy: kube.ManagedByValue, LintLabel: "true"}}}
	if _, err := c.CoreV1().Namespaces().Create(ctx, obj, metav1.CreateOptions{}); err != nil {
		return 0, false, kube.Explain(err).Error()
	}
	made.Store(ns, true)
	env := l.Env
	env.Namespace = ns
	s := &Coach{Env: env}
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	pods := timeline.NewWatch(timeline.Config{Client: c, Namespace: ns, Origin: start, Clock: clk, Lang: l.Env.Lang}) // told to no one
	if err := pods.Start(ctx); err != nil {
		return 0, false, err.Error()
	}
	defer pods.Stop()
	if err := (maker{l.Env.Clients, ns, pods}).play(ctx, steps, s.snapshot); err != nil {
		return 0, false, err.Error()
	}
	var deadline <-chan time.Time
	last := ""
	for {
		w, err := s.snapshot(ctx)
		if err != nil {
			return 0, false, err.Error()
		}
		r := check(ctx, w)
		if r.OK {
			return clk.Since(start), true, ""
		}
		last = r.say(s.Env.Scene())
		var wake <-chan time.Time
		if !r.Recheck.IsZero() {
			wake = clk.After(r.Recheck.Sub(clk.Now()) + 100*time.Millisecond)
		}
		select {
		case <-pods.Changed():
		case <-wake:
		case took, ok := <-solved:
			solved = nil
			margin := l.Margin
			if ok {
				margin += took
			}
			deadline = clk.After(start.Add(margin).Sub(clk.Now()))
		case <-deadline:
			return clk.Since(start), false, last
		case <-ctx.Done():
			return clk.Since(start), false, last
		}
	}
}

// withSetup puts a drill's setup before steps.
func withSetup(t TaskSpec, steps []Step) []Step {
	if t.Setup == "" {
		return steps
	}
	return append([]Step{{Apply: t.Setup}}, steps...)
}
