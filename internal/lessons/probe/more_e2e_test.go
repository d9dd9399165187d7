//go:build e2e

package probe_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// sliceRecorder keeps every version of the EndpointSlices of one Service,
// from the cluster's own watch.
type sliceRecorder struct {
	mu     sync.Mutex
	states []map[string]bool // address -> ready, one map per version seen
}

func recordSlices(t *testing.T, c kubernetes.Interface, service string) *sliceRecorder {
	t.Helper()
	r := &sliceRecorder{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sel := discoveryv1.LabelServiceName + "=" + service
	slices := c.DiscoveryV1().EndpointSlices(lessontest.Namespace)
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			o.LabelSelector = sel
			return slices.List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			o.LabelSelector = sel
			return slices.Watch(ctx, o)
		},
	}
	inf := cache.NewSharedIndexInformer(lw, &discoveryv1.EndpointSlice{}, 0, cache.Indexers{})
	add := func(o any) {
		sl, ok := o.(*discoveryv1.EndpointSlice)
		if !ok {
			return
		}
		m := map[string]bool{}
		for _, e := range sl.Endpoints {
			if len(e.Addresses) > 0 {
				m[e.Addresses[0]] = e.Conditions.Ready != nil && *e.Conditions.Ready
			}
		}
		r.mu.Lock()
		r.states = append(r.states, m)
		r.mu.Unlock()
	}
	_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: add, UpdateFunc: func(_, o any) { add(o) }})
	go inf.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), inf.HasSynced) {
		t.Fatal("EndpointSlice recorder did not sync")
	}
	return r
}

// sequence reports whether ip was seen ready, then not ready, then ready.
func (r *sliceRecorder) sequence(ip string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	want := []bool{true, false, true}
	for _, m := range r.states {
		if ready, ok := m[ip]; ok && len(want) > 0 && ready == want[0] {
			want = want[1:]
		}
	}
	return len(want) == 0
}

// checkOtherProbes asserts what the readiness, startup, events, explain and
// --previous steps claim, from the cluster's state.
func checkOtherProbes(t *testing.T, c kubernetes.Interface, rec *lessontest.Recorder, slices *sliceRecorder, r lessontest.Result, pod, container string) {
	t.Helper()
	// readinessProbe: not Ready while Running, never restarted, and out of
	// the Service's endpoints meanwhile.
	versions, _ := rec.Last("readiness-web")
	var ip string
	var unreadyRunning, restarted bool
	for _, p := range versions {
		ip = p.Status.PodIP
		cs := kube.ContainerStatus(p, "web")
		if cs == nil {
			continue
		}
		restarted = restarted || cs.RestartCount > 0
		unreadyRunning = unreadyRunning || kube.Condition(p, corev1.PodReady) == corev1.ConditionFalse && cs.State.Running != nil && cs.Started != nil && *cs.Started
	}
	if !unreadyRunning || restarted {
		t.Errorf("readiness-web: want a Running, not Ready version and no restart (saw one: %v, restarted: %v)", unreadyRunning, restarted)
	}
	if ip == "" || !slices.sequence(ip) {
		t.Errorf("the EndpointSlice of service/readiness-web did not show %s ready, then not ready, then ready", ip)
	}
	// startupProbe: the livenessProbe was held off, nothing restarted.
	sv, suid := rec.Last("startup-slow")
	if len(sv) == 0 {
		t.Fatal("pod/startup-slow was never seen")
	}
	last := kube.ContainerStatus(sv[len(sv)-1], "app")
	if last == nil || last.RestartCount != 0 || last.Started == nil || !*last.Started {
		t.Errorf("startup-slow: want started and never restarted, got %+v", last)
	}
	if n := len(rec.EventsFor("startup-slow", suid, "Unhealthy", "Startup probe failed")); n == 0 {
		t.Error("startup-slow: no Startup probe failure, so nothing was held off")
	}
	if n := len(rec.EventsFor("startup-slow", suid, "Unhealthy", "Liveness probe failed")); n != 0 {
		t.Errorf("startup-slow: %d liveness failures while the startupProbe had not succeeded", n)
	}
	// --previous shows the log of the container that was killed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tail := int64(6)
	prev, err := c.CoreV1().Pods(lessontest.Namespace).GetLogs(pod, &corev1.PodLogOptions{Container: container, Previous: true, TailLines: &tail}).DoRaw(ctx)
	if err != nil {
		t.Fatalf("previous logs of pod/%s: %v", pod, err)
	}
	if got, _ := r.Fact("previous-logs." + pod).(string); got != string(prev) {
		t.Errorf("kpod showed as the previous log:\n%q\nthe cluster has:\n%q", got, prev)
	}
	out := r.Outputs()
	for _, want := range []string{"failureThreshold", "periodSeconds", "Unhealthy"} {
		if !strings.Contains(out, want) {
			t.Errorf("the explain and events steps showed no %q", want)
		}
	}
}
