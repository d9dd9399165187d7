package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
)

// Cluster is what the cluster itself sets that a lesson's floor depends on.
type Cluster struct {
	// DNSNegativeTTL is how long CoreDNS answers "no such name" from its
	// cache after a Service name was looked up before the Service existed.
	DNSNegativeTTL time.Duration
	// SyncFrequency is the kubelet's syncFrequency: how often it syncs each
	// Pod even when nothing about it changed.
	SyncFrequency time.Duration
	// PodStartup is how long one plain Pod takes from create to Ready on
	// this cluster, as the bench measures it at its start (0: not measured).
	PodStartup time.Duration
	// PodDeletion is how long one plain Pod takes from a delete with kpod's
	// grace to gone: the kubelet's kill window, its relist and housekeeping
	// (0: not measured). When it is 2 s or more, the web image's PID 1
	// ignores SIGTERM here (busybox httpd on the test cluster).
	PodDeletion time.Duration
	// From says where the values were read.
	From string
}

// Defaults are the values of a kubeadm cluster, used when the cluster's own
// cannot be read: CoreDNS's `kubernetes ... { ttl 30 }` and `cache 30`, and
// the kubelet's default syncFrequency of 1m.
var Defaults = Cluster{DNSNegativeTTL: 30 * time.Second, SyncFrequency: time.Minute, From: "kubeadm defaults"}

// Part is one wait Kubernetes imposes on a lesson.
type Part struct {
	What string
	D    time.Duration
}

// Floor is every wait Kubernetes imposes on one run of a lesson: fixed
// waits (probe periods, grace periods, caches, resyncs) and one measured
// Pod start-up for each wave of Pods the lesson starts together. What runs
// at the same time counts once.
type Floor []Part

// Total is the sum of the parts.
func (f Floor) Total() time.Duration {
	var t time.Duration
	for _, p := range f {
		t += p.D
	}
	return t
}

func (f Floor) String() string {
	var s []string
	for _, p := range f {
		s = append(s, fmt.Sprintf("%s %s", p.What, fmtSecs(p.D)))
	}
	if len(s) == 0 {
		return "no fixed wait"
	}
	return strings.Join(s, "; ")
}

func fmtSecs(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

// move is one thing a lesson does that its floor follows, in the order the
// lesson does it.
type move struct {
	create  *corev1.Pod // a Pod it makes (from a manifest, or a bare one for kubectl run)
	static  bool        // create is written to a node as a static Pod
	waits   []string    // the Pods it waits for (a name may be a template)
	change  string      // a Pod it changes by hand (kubectl exec X -- rm ...)
	deletes string      // a Pod it deletes on the way (kubectl delete pod X --now)
}

// plan is what a lesson does, read from its steps and their manifests.
type plan struct {
	moves    []move
	pods     []*corev1.Pod // made from manifests, in the order the lesson creates them
	services []*corev1.Service
	deleted  []string // Pods the lesson deletes on the way
	static   []*corev1.Pod
}

// planOf reads what a lesson's steps do: the manifests they create
// (through the examples package, as the lesson does), the Pods they wait
// for, change, delete and start, in order.
func planOf(l *lessons.Lesson, v lessons.Values) (plan, error) {
	var p plan
	for _, st := range l.Steps(withDefaults(l, v)) {
		for _, a := range st.Do {
			e, err := a.Plan()
			if err != nil {
				return p, err
			}
			if e.File != "" {
				objs, err := lessons.Decode(e.Manifest)
				if err != nil {
					return p, fmt.Errorf("%s: %w", e.File, err)
				}
				for _, o := range objs {
					switch o := o.(type) {
					case *corev1.Pod:
						p.moves = append(p.moves, move{create: o, static: e.Static})
						if e.Static {
							p.static = append(p.static, o) // written to the kubelet's folder
						} else {
							p.pods = append(p.pods, o)
						}
					case *corev1.Service:
						p.services = append(p.services, o)
					}
				}
				continue
			}
			if e.Starts != "" {
				p.moves = append(p.moves, move{create: &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: e.Starts}}})
			}
			if e.Deletes != "" {
				p.deleted = append(p.deleted, e.Deletes)
			}
			m := move{waits: e.Waits, deletes: e.Deletes, change: e.Changes}
			p.moves = append(p.moves, m)
		}
	}
	return p, nil
}

// withDefaults fills each option the lesson has with its default.
func withDefaults(l *lessons.Lesson, v lessons.Values) lessons.Values {
	out := lessons.Values{}
	for _, o := range l.Options {
		out[o.Name] = o.Default
	}
	for k, x := range v {
		out[k] = x
	}
	return out
}

// minKill is the kubelet's shortest kill window: a container whose PID 1
// ignores SIGTERM gets SIGKILL after max(grace, 2 s)
// (kuberuntime's minimumGracePeriodInSeconds).
const minKill = 2 * time.Second

// statusSync is how often the kubelet's status manager sends every Pod's
// status to the API server, changed or not (pkg/kubelet/status, syncPeriod).
const statusSync = 10 * time.Second

// ignoresTERM reports whether a container's PID 1 ignores SIGTERM, so a
// stop waits for the whole kill window before SIGKILL. The kernel drops
// signals to a PID 1 that set no handler for them: that is the case for a
// shell, sleep, tail, nc or busybox httpd, which is what every manifest that
// sets a command runs here. A container without a command runs its image's
// entrypoint: nginx stops on SIGTERM, the test cluster's busybox httpd does
// not, which the measured deletion of a plain web Pod tells.
func ignoresTERM(ctr corev1.Container, c Cluster) bool {
	return len(ctr.Command) > 0 || len(ctr.Args) > 0 || c.PodDeletion >= minKill
}

// killWait is how long the kubelet takes to stop pod's containers with
// grace seconds: its kill window when any container ignores SIGTERM.
func killWait(pod *corev1.Pod, grace int64, c Cluster) time.Duration {
	if neverStarts(pod) {
		return 0
	}
	for _, ctr := range pod.Spec.Containers {
		if ignoresTERM(ctr, c) {
			return max(time.Duration(grace)*time.Second, minKill)
		}
	}
	return 0
}

var failRe = regexp.MustCompile(`exit [1-9][0-9]*\s*$`)

// neverStarts reports whether an init container always fails (its script
// ends in a non-zero exit), so the Pod's containers never run.
func neverStarts(pod *corev1.Pod) bool {
	for _, c := range pod.Spec.InitContainers {
		if failRe.MatchString(strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")) {
			return true
		}
	}
	return false
}

func podGrace(pod *corev1.Pod) int64 {
	if g := pod.Spec.TerminationGracePeriodSeconds; g != nil {
		return *g
	}
	return corev1.DefaultTerminationGracePeriodSeconds
}

var sleepRe = regexp.MustCompile(`\bsleep ([0-9.]+)`)

// loopSleep is the `sleep N` of a container's retry loop, 0 without one.
func loopSleep(c corev1.Container) time.Duration {
	m := sleepRe.FindStringSubmatch(strings.Join(append(append([]string{}, c.Command...), c.Args...), " "))
	if m == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return time.Duration(f * float64(time.Second))
}

// crashLoopBackOff is the kubelet's first back-off after a container fails
// again (initialCrashLoopBackOff in pkg/kubelet/kubelet.go).
const crashLoopBackOff = 10 * time.Second

// requeued is when, on average, the kubelet's pod worker syncs a Pod again
// that it requeued after d: at d × wait.Jitter's [1, 1.5) (factor 0.5, in
// pod_workers.go completeWork), 1.25 × d.
func requeued(d time.Duration) time.Duration { return d * 5 / 4 }

func secondsOf(n int32) time.Duration { return time.Duration(n) * time.Second }

// startWait is what a Pod's own probes add to its start: a startup probe
// that waits for the app passes on average half a period after the app's
// own `sleep N`; a readiness probe passes, on average, half a period after
// its initial delay. Containers start side by side: the slowest counts.
func startWait(pod *corev1.Pod) (time.Duration, string) {
	var most time.Duration
	var what string
	for _, ctr := range pod.Spec.Containers {
		var d time.Duration
		var w []string
		if r := ctr.StartupProbe; r != nil {
			d += loopSleep(ctr) + secondsOf(r.PeriodSeconds)/2
			w = append(w, fmt.Sprintf("startup (the app's sleep %s + period %ds / 2)", fmtSecs(loopSleep(ctr)), r.PeriodSeconds))
		}
		if r := ctr.ReadinessProbe; r != nil {
			d += secondsOf(r.InitialDelaySeconds) + secondsOf(r.PeriodSeconds)/2
			w = append(w, fmt.Sprintf("readiness (initialDelay %ds + period %ds / 2)", r.InitialDelaySeconds, r.PeriodSeconds))
		}
		if d > most {
			most, what = d, strings.Join(w, " + ")
		}
	}
	return most, what
}

// LessonFloor computes a lesson's floor from its manifests and the
// cluster's settings. It follows the lesson's moves on a clock: a Pod is
// started a measured Pod start-up (plus its own probes' start) after the
// lesson creates it, and a wait for it costs only what is left of that by
// then. Pods created together (a wave) start together, so a wave costs one
// start-up. Waits the lesson causes by hand (a broken liveness probe, a
// readiness flip, a delete) cost their whole time where they happen.
func LessonFloor(l *lessons.Lesson, v lessons.Values, c Cluster) (Floor, error) {
	p, err := planOf(l, v)
	if err != nil {
		return nil, err
	}
	var f Floor
	deleted := map[string]bool{}
	for _, name := range p.deleted {
		deleted[name] = true
	}
	last := map[string]*corev1.Pod{} // the last version of each Pod made
	for _, pod := range p.pods {
		last[pod.Name] = pod
	}
	var now time.Duration
	started := map[string]time.Duration{} // when each Pod made so far has started, on the lesson's clock
	about := map[string]string{}          // and what that is made of
	newest, wave, inWave := "", 0, false
	changes := map[string]int{}
	for _, m := range p.moves {
		if m.create != nil {
			if !inWave {
				wave, inWave = wave+1, true
			}
			d, what := startWait(m.create)
			started[m.create.Name] = now + c.PodStartup + d
			about[m.create.Name] = fmt.Sprintf("wave %d: Pod start-up %s (measured)", wave, fmtSecs(c.PodStartup))
			if what != "" {
				about[m.create.Name] += " + " + what
			}
			newest = m.create.Name
			continue
		}
		inWave = false
		for _, name := range m.waits {
			at, ok := started[name]
			if !ok { // a name the lesson learns on the way (a mirror Pod): the Pod it made last
				name = newest
				at = started[name]
			}
			if at > now {
				f = append(f, Part{fmt.Sprintf("pod/%s started (%s)", name, about[name]), at - now})
				now = at
			}
		}
		if pod := last[m.change]; pod != nil {
			i := changes[m.change]
			changes[m.change]++
			for _, ctr := range pod.Spec.Containers {
				// A readiness probe: each change flips it, not Ready after
				// failureThreshold failures, Ready again after
				// successThreshold successes, each half a period late on
				// average.
				if r := ctr.ReadinessProbe; r != nil {
					n, what := max(r.FailureThreshold, 1), "not Ready"
					if i%2 == 1 {
						n, what = max(r.SuccessThreshold, 1), "Ready again"
					}
					d := secondsOf((n-1)*r.PeriodSeconds) + secondsOf(r.PeriodSeconds)/2
					f, now = append(f, Part{fmt.Sprintf("pod/%s %s (threshold %d - 1) × period %ds + period / 2", pod.Name, what, n, r.PeriodSeconds), d}), now+d
				}
				// A liveness probe the lesson breaks (and keeps the Pod):
				// the break lands on average half a period before the next
				// probe, then failureThreshold-1 more periods, then the kill.
				if r := ctr.LivenessProbe; r != nil && !deleted[pod.Name] && i == 0 {
					ft := max(r.FailureThreshold, 1)
					d := secondsOf((ft-1)*r.PeriodSeconds) + secondsOf(r.PeriodSeconds)/2
					f, now = append(f, Part{fmt.Sprintf("pod/%s liveness ((failureThreshold %d - 1) × period %ds + period / 2)", pod.Name, ft, r.PeriodSeconds), d}), now+d
					if ignoresTERM(ctr, c) {
						d := max(time.Duration(podGrace(pod))*time.Second, minKill)
						f, now = append(f, Part{fmt.Sprintf("pod/%s kill (its PID 1 ignores SIGTERM: terminationGracePeriodSeconds, 2 s at least)", pod.Name), d}), now+d
					}
				}
			}
		}
		if pod := last[m.deletes]; pod != nil && !neverStarts(pod) {
			// A delete the lesson waits for: measured, or the kill window.
			if d := c.PodDeletion; d > 0 {
				f, now = append(f, Part{fmt.Sprintf("delete pod/%s --now (a Pod deletion %s, measured)", pod.Name, fmtSecs(d)), d}), now+d
			} else if d := killWait(pod, kube.Grace, c); d > 0 {
				f, now = append(f, Part{fmt.Sprintf("delete pod/%s --now (PID 1 ignores SIGTERM: the kubelet's kill window)", pod.Name), d}), now+d
			}
		}
	}
	for _, pod := range p.pods {
		// An init container that always fails, in a Pod that restarts it:
		// the kubelet runs it again at once, and after the second failure
		// starts a back-off of initialCrashLoopBackOff (10 s). That sync's
		// result shows in the status only at the next one, which the pod
		// worker requeues for when the back-off ends, × jitter [1, 1.5)
		// (completeWork): Init:CrashLoopBackOff shows 12.5 s after the
		// failure on average (docs/bench.md, "init").
		if neverStarts(pod) && pod.Spec.RestartPolicy != corev1.RestartPolicyNever {
			f = append(f, Part{fmt.Sprintf("pod/%s Init:CrashLoopBackOff shown at the sync after the first back-off (10s × 1.25, its mean jitter)", pod.Name),
				requeued(crashLoopBackOff)})
		}
		// Init containers that wait for a Service's DNS name. The first one
		// runs as soon as the Pod starts, before the lesson makes the Service
		// (it waits to see the lookup fail): CoreDNS then keeps answering
		// NXDOMAIN from its cache, and the loop's next try finds the name.
		// A later one starts only when the one before it is done; whether it
		// looks its name up before kpod creates that Service is a race, so
		// its floor is 0 (and up to the cache's TTL more in practice).
		for i, ic := range pod.Spec.InitContainers {
			for _, svc := range p.services {
				if !strings.Contains(strings.Join(append(append([]string{}, ic.Command...), ic.Args...), " "), svc.Name+".") {
					continue
				}
				if i == 0 {
					f = append(f, Part{fmt.Sprintf("service/%s: CoreDNS negative cache + half of the loop's sleep %s", svc.Name, fmtSecs(loopSleep(ic))),
						c.DNSNegativeTTL + loopSleep(ic)/2})
				} else {
					f = append(f, Part{fmt.Sprintf("service/%s: 0 when kpod creates it before %s looks it up, else up to the negative cache's %s more", svc.Name, ic.Name, fmtSecs(c.DNSNegativeTTL)), 0})
				}
			}
		}
	}
	// A static Pod whose mirror Pod the lesson deletes through the API: the
	// kubelet makes it again at the static Pod's next periodic sync, which
	// its pod worker schedules syncFrequency × [1, 1.5) after the last one
	// (wait.Jitter with factor 0.5): 1.25 × syncFrequency on average
	// (docs/bench.md, "static").
	// The new mirror Pod gets the static Pod's status (Ready, the container
	// ID the lesson compares) only at the status manager's next full sync,
	// every 10 s (pkg/kubelet/status, syncPeriod): the static Pod's own
	// status did not change, so nothing sends it sooner; 5 s on average.
	for _, pod := range p.static {
		f = append(f, Part{fmt.Sprintf("mirror of %s re-created at the next periodic sync (kubelet syncFrequency %s × 1.25, its mean jitter)", pod.Name, c.SyncFrequency),
			requeued(c.SyncFrequency)})
		f = append(f, Part{fmt.Sprintf("mirror of %s given its status at the status manager's next full sync (every 10s, 5s on average)", pod.Name), statusSync / 2})
	}
	// The cleanup at the end deletes and does not wait: it costs nothing.
	return f, nil
}

// lastDeleteAfterCreate reports whether the lesson deletes name after it
// last creates it, so cleanup does not find it.
func lastDeleteAfterCreate(p plan, name string) bool {
	made := 0
	for _, pod := range p.pods {
		if pod.Name == name {
			made++
		}
	}
	gone := 0
	for _, d := range p.deleted {
		if d == name {
			gone++
		}
	}
	return gone >= made
}

// Corefile settings that set the negative cache: the kubernetes plugin's
// ttl (its NXDOMAIN answers carry an SOA with that minimum TTL; 5 s when
// unset) capped by the cache plugin's TTL (3600 s when unset; no cache
// plugin, no cache).
var (
	k8sBlockRe = regexp.MustCompile(`(?s)kubernetes[^{\n]*\{([^}]*)\}`)
	ttlRe      = regexp.MustCompile(`(?m)^\s*ttl\s+(\d+)`)
	cacheRe    = regexp.MustCompile(`(?m)^\s*cache(?:\s+(\d+))?\s*(?:\{|$)`)
)

// NegativeTTL reads how long CoreDNS caches "no such name" for a Service
// name from a Corefile.
func NegativeTTL(corefile string) time.Duration {
	cache := cacheRe.FindStringSubmatch(corefile)
	if cache == nil {
		return 0
	}
	capTTL := 3600
	if cache[1] != "" {
		capTTL, _ = strconv.Atoi(cache[1])
	}
	ttl := 5
	if b := k8sBlockRe.FindStringSubmatch(corefile); b != nil {
		if m := ttlRe.FindStringSubmatch(b[1]); m != nil {
			ttl, _ = strconv.Atoi(m[1])
		}
	}
	return time.Duration(min(ttl, capTTL)) * time.Second
}

// lessonName is how a lesson run is named in the table.
func lessonName(l *lessons.Lesson, v lessons.Values) string {
	name := l.Name
	for _, o := range l.Options {
		if x, ok := v[o.Name]; ok && x != o.Default {
			name += " --" + o.Name + " " + x
		}
	}
	return name
}
