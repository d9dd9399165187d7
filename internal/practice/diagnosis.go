package practice

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/text"
)

// Problem reports whether a diagnosis says something went wrong (not
// healthy, not on its way, not a state kpod has no diagnosis for).
func Problem(d diagnose.Diagnosis) bool {
	switch d.Case {
	case "", diagnose.Healthy, diagnose.Starting, diagnose.Unknown:
		return false
	}
	return true
}

// diagnoser diagnoses the student's Pods as kpod why does, says each new
// problem once, and keeps the hints of the last one for the Enter key.
type diagnoser struct {
	scene   text.Scene
	logs    *logbook
	cluster diagnose.Cluster // the nodes read once; Services from the World

	mu     sync.Mutex
	said   map[string]string // by Pod UID: the problem last told
	focus  *diagnose.Diagnosis
	hinted map[string]int // diagnosis hints shown, by problem
}

func newDiagnoser(sc text.Scene, c kubernetes.Interface, logs *logbook) *diagnoser {
	d := &diagnoser{scene: sc, logs: logs, said: map[string]string{}, hinted: map[string]int{}}
	if c != nil {
		d.cluster = diagnose.ClusterOf(c)
		d.cluster.Nodes = once(d.cluster.Nodes)
	}
	return d
}

// once wraps nodes so that it reads the nodes on the first call only; a read
// cut short (the practice ends) is not kept.
func once(nodes func(context.Context) ([]corev1.Node, error)) func(context.Context) ([]corev1.Node, error) {
	var mu sync.Mutex
	var list []corev1.Node
	var err error
	read := false
	return func(ctx context.Context) ([]corev1.Node, error) {
		mu.Lock()
		defer mu.Unlock()
		if !read {
			list, err = nodes(ctx)
			read = ctx.Err() == nil
		}
		return list, err
	}
}

func problemKey(d diagnose.Diagnosis) string {
	return d.Pod + "/" + d.Case + "/" + d.Variant + "/" + d.Container
}

// diagnosis diagnoses one Pod now, fetching its logs as the diagnosis needs
// them.
func (d *diagnoser) diagnosis(ctx context.Context, w *World, p *corev1.Pod) diagnose.Diagnosis {
	var evs []corev1.Event
	for _, e := range w.EventsOf(p) {
		evs = append(evs, *e)
	}
	c := d.cluster
	c.Services = w.services
	if d.logs != nil {
		c.Logs = d.logs.of
	}
	return diagnose.Diagnose(c.Gather(ctx, p, evs, w.Now), d.scene)
}

// services returns the World's Services (its namespace's), as a diagnosis
// reads them.
func (w *World) services(context.Context, string) ([]corev1.Service, error) {
	out := make([]corev1.Service, len(w.Services))
	for i, s := range w.Services {
		out[i] = *s
	}
	return out, nil
}

// look diagnoses every Pod in w and returns the problems not told yet.
func (d *diagnoser) look(ctx context.Context, w *World) []diagnose.Diagnosis {
	var out []diagnose.Diagnosis
	for _, p := range w.Pods {
		dg := d.diagnosis(ctx, w, p)
		uid := string(p.UID)
		key := ""
		if Problem(dg) {
			key = problemKey(dg)
		}
		d.mu.Lock()
		if key != "" && key != d.said[uid] {
			out = append(out, dg)
			d.focus = &dg
		}
		if key == "" && d.focus != nil && d.focus.Pod == p.Name {
			d.focus = nil // that Pod is well now
		}
		d.said[uid] = key
		d.mu.Unlock()
	}
	return out
}

// nextHint returns the next hint for the problem last told, or false when
// there is none or all were shown.
func (d *diagnoser) nextHint() (dg diagnose.Diagnosis, n int, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.focus == nil {
		return dg, 0, false
	}
	key := problemKey(*d.focus)
	n = d.hinted[key] + 1
	if n > len(d.focus.Hints) {
		return dg, 0, false
	}
	d.hinted[key] = n
	return *d.focus, n, true
}

// logbook fetches the log lines a diagnosis asks for: once for a container
// that stopped, and, live, by following an init container that runs (its
// log is how kpod sees what it waits for); every new line pokes.
type logbook struct {
	client kubernetes.Interface
	ns     string
	live   bool
	poke   func()

	mu     sync.Mutex
	got    map[string]string
	follow map[string]*tail
}

func newLogbook(client kubernetes.Interface, ns string, live bool, poke func()) *logbook {
	return &logbook{client: client, ns: ns, live: live, poke: poke, got: map[string]string{}, follow: map[string]*tail{}}
}

// tail keeps the last lines of a followed log.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(l string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, l)
	if n := len(t.lines) - diagnose.LogLines; n > 0 {
		t.lines = t.lines[n:]
	}
}

func (t *tail) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}

func status(p *corev1.Pod, name string) (corev1.ContainerStatus, bool) {
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for _, c := range list {
			if c.Name == name {
				return c, true
			}
		}
	}
	return corev1.ContainerStatus{}, false
}

// of returns the logs the diagnosis of p wants, by container.
func (l *logbook) of(ctx context.Context, p *corev1.Pod) map[string]string {
	out := map[string]string{}
	for _, r := range diagnose.LogsWanted(p) {
		cs, ok := status(p, r.Container)
		if !ok {
			continue
		}
		key := fmt.Sprintf("%s/%s/%d/%v", p.UID, r.Container, cs.RestartCount, r.Previous)
		if !r.Previous && cs.State.Running != nil && l.live {
			out[r.Container] = l.followed(ctx, p.Name, r.Container, key)
			continue
		}
		if !r.Previous && cs.State.Running != nil {
			key += "/running" // a --check reads it once, as it is now
		}
		l.mu.Lock()
		text, ok := l.got[key]
		l.mu.Unlock()
		if !ok {
			tailLines := int64(diagnose.LogLines)
			b, err := l.client.CoreV1().Pods(l.ns).GetLogs(p.Name, &corev1.PodLogOptions{Container: r.Container, Previous: r.Previous, TailLines: &tailLines}).DoRaw(ctx)
			if err != nil && ctx.Err() != nil {
				continue // stopping: do not remember a failed read
			}
			text = string(b) // a log that cannot be read is remembered as empty
			l.mu.Lock()
			l.got[key] = text
			l.mu.Unlock()
		}
		out[r.Container] = text
	}
	return out
}

// followed returns the log so far of a running container. It follows the log
// from the first call until the container stops or the practice ends.
func (l *logbook) followed(ctx context.Context, pod, container, key string) string {
	l.mu.Lock()
	t, ok := l.follow[key]
	if !ok {
		t = &tail{}
		l.follow[key] = t
	}
	l.mu.Unlock()
	if !ok {
		go func() {
			tailLines := int64(diagnose.LogLines)
			r, err := l.client.CoreV1().Pods(l.ns).GetLogs(pod, &corev1.PodLogOptions{Container: container, Follow: true, TailLines: &tailLines}).Stream(ctx)
			if err != nil {
				return
			}
			defer r.Close()
			sc := bufio.NewScanner(r)
			for sc.Scan() {
				t.add(sc.Text())
				if l.poke != nil {
					l.poke()
				}
			}
		}()
	}
	return t.text()
}
