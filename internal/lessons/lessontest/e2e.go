// Package lessontest helps test lessons: on a real cluster through the real
// kpod binary (e2e), and in-process against a fake clientset.
package lessontest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Namespace is where e2e tests run lessons: $KPOD_E2E_NAMESPACE, else kpod-e2e.
var Namespace = func() string {
	if ns := os.Getenv("KPOD_E2E_NAMESPACE"); ns != "" {
		return ns
	}
	return "kpod-e2e"
}()

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// Binary builds the kpod binary once per test process and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..", "..")
		removeStaleBinaries()
		dir, err := os.MkdirTemp("", binaryDirPrefix+strconv.Itoa(os.Getpid())+"-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "kpod")
		cmd := exec.Command("go", "build", "-o", binary, "./cmd/kpod")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatalf("building kpod: %v", buildErr)
	}
	return binary
}

// binaryDirPrefix names the folders Binary builds into, with the test
// process's PID after it: a test binary has no hook to remove its folder
// when it exits, so the next build removes the folders of processes gone.
const binaryDirPrefix = "kpod-e2e-bin-"

func removeStaleBinaries() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), binaryDirPrefix+"*"))
	for _, dir := range dirs {
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(dir), binaryDirPrefix), "-")
		n, err := strconv.Atoi(pid)
		if !ok || err != nil || n == os.Getpid() {
			continue
		}
		if syscall.Kill(n, 0) == syscall.ESRCH {
			os.RemoveAll(dir)
		}
	}
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// Client returns a clientset for the cluster in $KUBECONFIG.
func Client(t testing.TB) kubernetes.Interface {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		t.Fatalf("e2e tests need a cluster (scripts/e2e-cluster up; eval \"$(scripts/e2e-cluster env)\"): %v", err)
	}
	c, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Result is what one kpod run printed, with its NDJSON records decoded.
type Result struct {
	Records []map[string]any
	Stdout  string
	Stderr  string
	Code    int
}

// Kpod runs the kpod binary with args (add "-o", "json" for records).
func Kpod(t testing.TB, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, Binary(t), args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errOut.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.Code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running kpod %s: %v", strings.Join(args, " "), err)
	}
	sc := bufio.NewScanner(strings.NewReader(r.Stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			r.Records = append(r.Records, m)
		}
	}
	return r
}

// Lesson runs a lesson in the e2e namespace with -o json and fails the
// test, showing kpod's output, unless it succeeds.
func Lesson(t testing.TB, name string, args ...string) Result {
	t.Helper()
	r := Kpod(t, append([]string{name, "-n", Namespace, "-o", "json", "--timeout", "3m"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("kpod %s exited %d\nstderr: %s\nstdout:\n%s", name, r.Code, r.Stderr, r.Stdout)
	}
	CheckClaims(t, name, r)
	return r
}

// CheckClaims fails the test where the run's timeline disagrees with a
// claim of time or order in the lesson's text (see Claim).
func CheckClaims(t testing.TB, name string, r Result) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", Dir(name), "en.md"))
	if err != nil {
		t.Fatalf("reading the claims of %s: %v", name, err)
	}
	secs, err := text.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range CheckRecords(secs, r.Records) {
		t.Errorf("kpod %s: %v", name, err)
	}
}

// Of returns the records of one type ("event", "output", "fact", ...).
func (r Result) Of(kind string) []map[string]any {
	var out []map[string]any
	for _, m := range r.Records {
		if m["type"] == kind {
			out = append(out, m)
		}
	}
	return out
}

// Fact returns the value of a fact record.
func (r Result) Fact(key string) any {
	for _, m := range r.Of("fact") {
		if m["key"] == key {
			return m["value"]
		}
	}
	return nil
}

// Outputs joins the text of every output record.
func (r Result) Outputs() string {
	var b strings.Builder
	for _, m := range r.Of("output") {
		s, _ := m["text"].(string)
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

// Recorder keeps every version of every Pod and every Event in a namespace,
// seen on the cluster's own watch while a lesson runs.
type Recorder struct {
	mu     sync.Mutex
	pods   map[string][]*corev1.Pod
	events []*corev1.Event
	stop   context.CancelFunc
}

// Record starts recording the namespace; it stops when the test ends.
func Record(t testing.TB, c kubernetes.Interface, ns string) *Recorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &Recorder{pods: map[string][]*corev1.Pod{}, stop: cancel}
	t.Cleanup(cancel)
	pods := cache.NewSharedIndexInformer(kube.PodListWatch(c, ns, "", ""), &corev1.Pod{}, 0, cache.Indexers{})
	_, _ = pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { r.addPod(o.(*corev1.Pod)) },
		UpdateFunc: func(_, o any) { r.addPod(o.(*corev1.Pod)) },
	})
	events := cache.NewSharedIndexInformer(kube.EventListWatch(c, ns),
		&corev1.Event{}, 0, cache.Indexers{})
	_, _ = events.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { r.addEvent(o.(*corev1.Event)) },
		UpdateFunc: func(_, o any) { r.addEvent(o.(*corev1.Event)) },
	})
	go pods.RunWithContext(ctx)
	go events.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), pods.HasSynced, events.HasSynced) {
		t.Fatal("recorder did not sync")
	}
	return r
}

func (r *Recorder) addPod(p *corev1.Pod) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pods[p.Name] = append(r.pods[p.Name], p.DeepCopy())
}

func (r *Recorder) addEvent(e *corev1.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e.DeepCopy())
}

// Pod returns every version of the Pod called name that was seen.
func (r *Recorder) Pod(name string) []*corev1.Pod {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*corev1.Pod(nil), r.pods[name]...)
}

// Any reports whether some version of the Pod satisfied fn.
func (r *Recorder) Any(name string, fn func(*corev1.Pod) bool) bool {
	for _, p := range r.Pod(name) {
		if fn(p) {
			return true
		}
	}
	return false
}

// Events returns the Events about the Pod called pod with the given reason
// ("" for every reason).
func (r *Recorder) Events(pod, reason string) []*corev1.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*corev1.Event
	for _, e := range r.events {
		if e.InvolvedObject.Name == pod && (reason == "" || e.Reason == reason) {
			out = append(out, e)
		}
	}
	return out
}

// Last returns the versions of the last Pod called name that was seen, and
// its UID, so an earlier Pod of the same name does not count. It returns
// nil and "" if no Pod called name was seen.
func (r *Recorder) Last(name string) ([]*corev1.Pod, types.UID) {
	all := r.Pod(name)
	if len(all) == 0 {
		return nil, ""
	}
	uid := all[len(all)-1].UID
	var out []*corev1.Pod
	for _, p := range all {
		if p.UID == uid {
			out = append(out, p)
		}
	}
	return out, uid
}

// EventsFor returns the Events about the Pod called pod with the given UID
// and reason ("" for every reason) whose message contains contains.
func (r *Recorder) EventsFor(pod string, uid types.UID, reason, contains string) []*corev1.Event {
	var out []*corev1.Event
	for _, e := range r.Events(pod, reason) {
		if e.InvolvedObject.UID == uid && strings.Contains(e.Message, contains) {
			out = append(out, e)
		}
	}
	return out
}

// NothingLeft fails the test if anything labelled as kpod's remains in ns
// once the Pods kpod deleted have stopped.
func NothingLeft(t testing.TB, c kubernetes.Interface, ns string) {
	t.Helper()
	PodsGone(t, c, ns)
	objs, err := kube.Labelled(context.Background(), c, ns, kube.KpodSelector)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		t.Errorf("left behind: %s %s/%s", o.Kind, o.Namespace, o.Name)
	}
}

// PodsGone waits, on a watch, until no Pod labelled as kpod's is left in
// ns: a lesson deletes its Pods at the end and does not wait for the
// kubelet to stop them. It fails the test after a minute.
func PodsGone(t testing.TB, c kubernetes.Interface, ns string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	left := map[string]bool{}
	_, err := watchtools.UntilWithSync(ctx, kube.PodListWatch(c, ns, kube.KpodSelector, ""), &corev1.Pod{},
		func(store cache.Store) (bool, error) {
			for _, k := range store.ListKeys() {
				left[k] = true
			}
			return len(left) == 0, nil
		},
		func(e watch.Event) (bool, error) {
			p, ok := e.Object.(*corev1.Pod)
			if !ok {
				return false, nil
			}
			if key := p.Namespace + "/" + p.Name; e.Type == watch.Deleted {
				delete(left, key)
			} else {
				left[key] = true
			}
			return len(left) == 0, nil
		})
	if err != nil {
		t.Errorf("kpod's Pods still there after a minute: %v (%v)", slices.Sorted(maps.Keys(left)), err)
	}
}

// Cleanup removes what kpod made in ns when the test ends, whatever happened.
func Cleanup(t testing.TB) {
	t.Cleanup(func() { Kpod(t, "clean", "-n", Namespace) })
}

// Running reports whether every container of the Pod is ready.
func Running(p *corev1.Pod) bool {
	return kube.Condition(p, corev1.PodReady) == corev1.ConditionTrue
}
