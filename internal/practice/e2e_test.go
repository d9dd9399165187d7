//go:build e2e

package practice_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"al.essio.dev/pkg/shellescape"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/practice"
	"github.com/kpod-dev/kpod/internal/practice/practicetest"
	"github.com/kpod-dev/kpod/internal/runenv"
)

// The practice namespace of the e2e tests: $KPOD_E2E_PRACTICE_NAMESPACE,
// else the e2e namespace with -practice after it.
var e2eNamespace = func() string {
	if ns := os.Getenv("KPOD_E2E_PRACTICE_NAMESPACE"); ns != "" {
		return ns
	}
	return lessontest.Namespace + "-practice"
}()

// sample is what `make e2e` runs; KPOD_E2E_PRACTICE=all (make e2e-practice)
// runs every task.
var sample = map[string]bool{"run/web": true, "probe/restart": true, "init/wait-db": true, "pause/sandbox": true, "resources/oom": true, "patterns/sidecar": true}

// A wrong solution: the commands a student might type, the Pod to wait
// for, until when (on the test's own watch), the reasons kpod may give,
// and what kpod must diagnose of that Pod while the student practises
// (a case of kpod why, or case.variant; "" where the Pod itself is well).
type wrong struct {
	script string
	pod    string
	until  func(*corev1.Pod) bool
	why    []string
	diag   string
}

func scheduled(p *corev1.Pod) bool { return p.Spec.NodeName != "" }
func annotated(p *corev1.Pod) bool {
	return lessontest.Running(p) && p.Annotations[practice.SandboxAnnotation] != ""
}
func finished(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}
func restarted(p *corev1.Pod) bool { return kube.Restarts(p) > 0 }
func initRunning(p *corev1.Pod) bool {
	return len(p.Status.InitContainerStatuses) > 0 && p.Status.InitContainerStatuses[0].State.Running != nil
}
func started(p *corev1.Pod) bool {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Waiting != nil && cs.State.Waiting.Reason != "ContainerCreating" || cs.State.Running != nil || cs.State.Terminated != nil {
			return true
		}
	}
	return false
}

const podScript = `echo '
apiVersion: v1
kind: Pod
metadata:
  name: %s
spec:
%s' | kubectl apply -n {{ns}} -f -`

func manifest(name, spec string) string {
	return strings.Replace(strings.Replace(podScript, "%s", name, 1), "%s", spec, 1)
}

// extraWrongs are more wrong solutions for some tasks, tried after the first.
var extraWrongs = map[string][]wrong{
	"run/web": {{script: `kubectl run web --image=kpod.local/web:1.1 --port=80 -n {{ns}}`, pod: "web", until: started,
		why: []string{"image", "ready"}, diag: "image-pull"}},
}

func unscheduled(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Reason == corev1.PodReasonUnschedulable {
			return true
		}
	}
	return false
}

func configError(p *corev1.Pod) bool {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Waiting != nil && cs.State.Waiting.Reason == "CreateContainerConfigError" {
			return true
		}
	}
	return false
}

func pullFailing(p *corev1.Pod) bool {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Waiting != nil && (cs.State.Waiting.Reason == "ErrImagePull" || cs.State.Waiting.Reason == "ImagePullBackOff") {
			return true
		}
	}
	return false
}

var wrongs = map[string]wrong{
	// drills: the broken objects kpod sets up, left as they are
	"run/fix-image":          {pod: "shop", until: pullFailing, why: []string{"image"}, diag: "image-pull"},
	"probe/fix-probe":        {pod: "site", until: restarted, why: []string{"liveness-port"}, diag: "probe-failing"},
	"resources/fix-memory":   {pod: "cache", until: restarted, why: []string{"succeeded"}, diag: "oom-killed"},
	"multipod/fix-share":     {pod: "news", until: started, why: []string{"writes-shared"}, diag: "probe-failing"},
	"patterns/fix-endpoints": {pod: "front", until: started, why: []string{"readiness-path"}, diag: "probe-failing"},
	"static/fix-schedule":    {pod: "pinned", until: unscheduled, why: []string{"ready"}, diag: "unschedulable"},
	"init/fix-dns":           {pod: "orders", until: initRunning, why: []string{"init-mentions"}, diag: "init-stuck"},
	"env/fix-config":         {pod: "painter", until: configError, why: []string{"ready"}, diag: "config-error"},
	"pause/fix-port":         {pod: "shop", until: restarted, why: []string{"ready", "port-shared"}, diag: "crash-loop"}, // api can be Ready for a moment: web answers its probe
	// the app container's ID, as the API shows it, for the sandbox's
	"pause/sandbox": {script: `kubectl run box --image={{image "shell"}} -n {{ns}} -- sleep 3600
kubectl wait --for=condition=Ready pod/box -n {{ns}} --timeout=2m
ID=$(kubectl get pod box -n {{ns}} -o jsonpath='{.status.containerStatuses[0].containerID}' | sed 's|.*://||' | cut -c1-13)
kubectl annotate pod box kpod.dev/sandbox=$ID -n {{ns}}`, pod: "box", until: annotated, why: []string{"sandbox-is-container"}},
	// box made again with the old sandbox's ID: a new Pod has a new sandbox
	"pause/kept": {script: `OLD=$(kubectl get pod box -n {{ns}} -o jsonpath='{.metadata.annotations.kpod\.dev/sandbox}')
kubectl delete pod box -n {{ns}} --grace-period=1
kubectl run box --image={{image "shell"}} -n {{ns}} -- sleep 3600
kubectl wait --for=condition=Ready pod/box -n {{ns}} --timeout=2m
kubectl annotate pod box kpod.dev/sandbox=$OLD -n {{ns}}`, pod: "box", until: annotated, why: []string{"no-restart", "sandbox-wrong"}},
	// a Pod made with kubectl, not from a file on the node
	"static/mirror": {script: `kubectl run mine --image={{image "web"}} -n {{ns}}`, pod: "mine", until: lessontest.Running, why: []string{"api-pod"}},
	"run/web":       {script: `kubectl run web --image={{image "web"}} -n {{ns}}`, pod: "web", until: lessontest.Running, why: []string{"port"}},
	"run/reach": {script: `kubectl run client --image={{image "shell"}} --restart=Never -n {{ns}} -- wget -T 2 -qO- http://10.255.255.1`,
		pod: "client", until: finished, why: []string{"calls-ip"}, diag: "crash-loop"},
	"multipod/shared": {script: manifest("pair", `  containers:
  - name: writer
    image: {{image "shell"}}
    command: ["sh", "-c", "while true; do date > /data/now; sleep 2; done"]
  - name: reader
    image: {{image "shell"}}
    command: ["sh", "-c", "while true; do cat /data/now; sleep 2; done"]`), pod: "pair", until: started, why: []string{"shared-emptydir"}},
	"multipod/localhost": {script: manifest("duo", `  containers:
  - name: web
    image: {{image "web"}}
  - name: web2
    image: {{image "web"}}`), pod: "duo", until: restarted, why: []string{"mentions"}, diag: "crash-loop"},
	"probe/http": {script: manifest("healthy", `  containers:
  - name: web
    image: {{image "web"}}
    ports:
    - containerPort: 80
    livenessProbe:
      httpGet:
        path: /
        port: 8080
      periodSeconds: 5`), pod: "healthy", until: started, why: []string{"liveness-port"}, diag: "probe-failing"},
	"probe/restart": {script: manifest("crasher", `  containers:
  - name: shell
    image: {{image "shell"}}
    command: ["sh", "-c", "sleep 2; exit 1"]
    livenessProbe:
      exec:
        command: ["true"]`), pod: "crasher", until: restarted, why: []string{"restarted-other", "liveness-path"}, diag: "crash-loop"},
	"probe/exec": {script: manifest("alive", `  terminationGracePeriodSeconds: 1
  containers:
  - name: shell
    image: {{image "shell"}}
    command: ["sleep", "3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      periodSeconds: 2
      failureThreshold: 1`), pod: "alive", until: restarted, why: []string{"ready", "restarted", "liveness-failed"}, diag: "probe-failing"},
	"init/wait-db": {script: manifest("app", `  initContainers:
  - name: wait-db
    image: {{image "shell"}}
    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]
  containers:
  - name: app
    image: {{image "shell"}}
    command: ["sleep", "3600"]`), pod: "app", until: initRunning, why: []string{"service"}, diag: "init-stuck.dns"},
	"init/two": {script: manifest("steps", `  initContainers:
  - name: one
    image: {{image "shell"}}
    command: ["echo", "one"]
  containers:
  - name: app
    image: {{image "shell"}}
    command: ["sleep", "3600"]`), pod: "steps", until: lessontest.Running, why: []string{"inits"}},
	"resources/guaranteed": {script: manifest("steady", `  containers:
  - name: shell
    image: {{image "shell"}}
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: 50m
        memory: 16Mi
      limits:
        cpu: 100m
        memory: 32Mi`), pod: "steady", until: lessontest.Running, why: []string{"qos"}},
	"resources/oom": {script: manifest("hog", `  restartPolicy: Never
  containers:
  - name: hog
    image: {{image "shell"}}
    command: ["sh", "-c", "head -c 20m /dev/zero | tail"]
    resources:
      limits:
        memory: 256Mi`), pod: "hog", until: finished, why: []string{"oomkilled"}}, // it ends well: nothing to diagnose
	"resources/pending": {script: manifest("huge", `  containers:
  - name: shell
    image: {{image "shell"}}
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: 100m`), pod: "huge", until: scheduled, why: []string{"scheduled"}},
	"env/greeting": {script: `kubectl run hello --image={{image "shell"}} --env=GREETING=hi --restart=Never -n {{ns}} -- sh -c 'echo $GREETING'`,
		pod: "hello", until: finished, why: []string{"env-value"}},
	"env/path": {script: `kubectl run paths --image={{image "web"}} --port=80 --env=PATH=/opt/bin -n {{ns}}`,
		pod: "paths", until: started, why: []string{"env-prefix"}},
	"env/node": {script: `kubectl run where --image={{image "shell"}} --env=NODE_NAME=my-node -n {{ns}} -- sleep 3600`,
		pod: "where", until: lessontest.Running, why: []string{"env-field"}},
	"patterns/sidecar": {script: manifest("logged", `  volumes:
  - name: logs
    emptyDir: {}
  initContainers:
  - name: shipper
    image: {{image "shell"}}
    command: ["tail", "-n", "+1", "-F", "/var/log/app/app.log"]
    volumeMounts:
    - name: logs
      mountPath: /var/log/app
  containers:
  - name: app
    image: {{image "shell"}}
    command: ["sh", "-c", "while true; do date >> /var/log/app/app.log; sleep 2; done"]
    volumeMounts:
    - name: logs
      mountPath: /var/log/app`), pod: "logged", until: initRunning, why: []string{"sidecar-policy"}, diag: "init-stuck"},
}

// Every task (the sample in make e2e): a scripted student runs the task's
// own solution with kubectl while `kpod practice` watches, and the live
// practice ends with ✓, --check exits 0 and the cluster shows it; then a
// typical wrong solution (some tasks have more) gets the expected
// diagnosis while the student practises, no pass, and no pass from
// --check, for the expected reason.
func TestPracticeOnCluster(t *testing.T) {
	c := lessontest.Client(t)
	everything := os.Getenv("KPOD_E2E_PRACTICE") == "all"
	for _, set := range practicetest.Sets() {
		for i, task := range set.Tasks {
			name := set.Lesson.Name + "/" + task.Key
			t.Run(name, func(t *testing.T) {
				if !everything && !sample[name] {
					t.Skip("not in the sample: make e2e-practice runs every task")
				}
				reset(t)
				t.Cleanup(func() { reset(t) })
				if undo := undos[name]; undo != "" { // the student's own files on a node
					t.Cleanup(func() { script(t, c, undo) })
				}
				solve(t, c, set, i)
				if undo := undos[name]; undo != "" {
					script(t, c, undo)
				}
				w, ok := wrongs[name]
				if !ok {
					t.Fatalf("no wrong solution for %s", name)
				}
				for _, w := range append([]wrong{w}, extraWrongs[name]...) {
					reset(t)
					tryWrong(t, c, set, i, w)
				}
			})
		}
	}
}

// tryWrong applies a wrong solution of task i (after the earlier tasks'
// right ones) while the live practice watches: kpod diagnoses the Pod as
// expected and passes nothing; then --check exits 1 for the expected reason.
func tryWrong(t *testing.T, c kubernetes.Interface, set practice.Set, i int, w wrong) {
	t.Helper()
	task := set.Tasks[i]
	for _, before := range set.Tasks[:i] {
		runSolution(t, c, set, before.Key)
	}
	var l *live
	if w.diag != "" {
		l = startPractice(t, set, task.Key)
	}
	script(t, c, w.script)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := kube.WaitPod(ctx, c, e2eNamespace, w.pod, 3*time.Minute, func(p *corev1.Pod) (bool, error) { return w.until(p), nil }); err != nil {
		t.Fatalf("wrong solution: %v", err)
	}
	if l != nil {
		m, ok := l.next(func(m map[string]any) bool {
			return m["type"] == "diagnosis" && m["pod"] == w.pod && (m["case"] == w.diag || fmt.Sprint(m["case"], ".", m["variant"]) == w.diag)
		})
		recs := l.stop()
		for _, r := range recs {
			if r["type"] == "check" && r["ok"] == true && r["task"] == task.Key {
				t.Errorf("the live practice passed a wrong solution: %v", r)
			}
		}
		if !ok {
			b, _ := json.Marshal(recs)
			t.Fatalf("no %s diagnosis of pod/%s while practising; records: %s", w.diag, w.pod, b)
		}
		p := get(t, c, w.pod) // the cluster shows the problem kpod told
		t.Logf("diagnosis of pod/%s (%s): %v", w.pod, kube.PodStatus(p), m["text"])
		if diag, _, _ := strings.Cut(w.diag, "."); !clusterHas(t, c, p, diag) {
			t.Errorf("kpod said %s of pod/%s, the cluster shows %s: %+v", w.diag, w.pod, kube.PodStatus(p), p.Status)
		}
	}
	r := lessontest.Kpod(t, "practice", set.Lesson.Name, task.Key, "--check", "-n", e2eNamespace, "-o", "json")
	if r.Code != 1 {
		t.Fatalf("--check of a wrong solution exited %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	checks := r.Of("check")
	if len(checks) != 1 || checks[0]["ok"] != false || !contains(w.why, checks[0]["reason"]) {
		t.Errorf("wrong solution: check %v, want a reason in %v", checks, w.why)
	}
}

// clusterHas tells from the Pod's own status and Events that it has the
// problem a diagnosis case names.
func clusterHas(t *testing.T, c kubernetes.Interface, p *corev1.Pod, diag string) bool {
	t.Helper()
	events, err := kube.PodEvents(context.Background(), c, p)
	if err != nil {
		t.Fatal(err)
	}
	event := func(reason, text string) bool {
		for _, e := range events {
			if e.Reason == reason && strings.Contains(e.Message, text) {
				return true
			}
		}
		return false
	}
	all := append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...)
	for _, cs := range all {
		last := cs.State.Terminated
		if last == nil {
			last = cs.LastTerminationState.Terminated
		}
		switch diag {
		case "image-pull":
			if cs.State.Waiting != nil && (cs.State.Waiting.Reason == "ErrImagePull" || cs.State.Waiting.Reason == "ImagePullBackOff") {
				return true
			}
		case "crash-loop":
			if last != nil && last.ExitCode != 0 && last.Reason != "OOMKilled" {
				return true
			}
		case "oom-killed":
			if last != nil && last.Reason == "OOMKilled" {
				return true
			}
		case "config-error":
			if cs.State.Waiting != nil && cs.State.Waiting.Reason == "CreateContainerConfigError" {
				return true
			}
		case "init-stuck":
			if cs.State.Running != nil && len(p.Status.InitContainerStatuses) > 0 && cs.Name == p.Status.InitContainerStatuses[0].Name {
				return true
			}
		}
	}
	if diag == "unschedulable" {
		return unscheduled(p)
	}
	return diag == "probe-failing" && event("Unhealthy", "probe failed")
}

// live is a `kpod practice` running in the background, as a student runs it.
type live struct {
	t      *testing.T
	cmd    *exec.Cmd
	recs   chan map[string]any
	seen   []map[string]any
	stderr *strings.Builder
}

// startPractice starts the live practice of one task and returns once
// its watches are up (it shows the task).
func startPractice(t *testing.T, set practice.Set, key string) *live {
	t.Helper()
	l := &live{t: t, recs: make(chan map[string]any, 1000), stderr: &strings.Builder{}}
	l.cmd = exec.Command(lessontest.Binary(t), "practice", set.Lesson.Name, key, "-n", e2eNamespace, "-o", "json", "--timeout", "4m")
	out, err := l.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	l.cmd.Stderr = l.stderr
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(l.recs)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				l.recs <- m
			}
		}
	}()
	if _, ok := l.next(func(m map[string]any) bool { return m["type"] == "task" }); !ok {
		l.stop()
		t.Fatalf("the practice did not start: %s", l.stderr.String())
	}
	return l
}

// next reads records until one passes ok, or the practice ends (its own
// --timeout bounds the wait).
func (l *live) next(ok func(map[string]any) bool) (map[string]any, bool) {
	for m := range l.recs {
		l.seen = append(l.seen, m)
		if ok(m) {
			return m, true
		}
	}
	return nil, false
}

// stop presses Ctrl-C and returns every record the practice wrote.
func (l *live) stop() []map[string]any {
	_ = l.cmd.Process.Signal(os.Interrupt)
	for m := range l.recs {
		l.seen = append(l.seen, m)
	}
	_ = l.cmd.Wait()
	return l.seen
}

func contains(list []string, v any) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// logs is the log of a Pod's first container, read by the test itself.
func logs(t *testing.T, c kubernetes.Interface, name string) string {
	t.Helper()
	b, err := c.CoreV1().Pods(e2eNamespace).GetLogs(name, &corev1.PodLogOptions{}).DoRaw(context.Background())
	if err != nil {
		t.Fatalf("logs of pod/%s: %v", name, err)
	}
	return string(b)
}

// kubectl runs kubectl in the practice namespace and returns its output.
func kubectl(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("kubectl", append([]string{"-n", e2eNamespace}, args...)...).Output()
	if err != nil {
		t.Fatalf("kubectl %v: %v", args, err)
	}
	return string(out)
}

// solve runs task i's solution (after the earlier tasks' solutions, as a
// student doing them in order would) while the live practice watches.
func solve(t *testing.T, c kubernetes.Interface, set practice.Set, i int) {
	t.Helper()
	for _, before := range set.Tasks[:i] {
		runSolution(t, c, set, before.Key)
	}
	task := set.Tasks[i]
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, lessontest.Binary(t), "practice", set.Lesson.Name, task.Key, "-n", e2eNamespace, "-o", "json", "--timeout", "4m")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() { // the task is shown once the watches are up
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			recs = append(recs, m)
			if m["type"] == "task" {
				break
			}
		}
	}
	holds := judge(ctx, t, c, task) // the test's own watch: when the task first holds
	var ticked time.Time            // when the ✓ line came
	lines := make(chan struct{})
	go func() { // read while the student works, to stamp each line as it comes
		defer close(lines)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				if m["type"] == "check" && m["ok"] == true && m["task"] == task.Key && ticked.IsZero() {
					ticked = time.Now()
				}
				recs = append(recs, m)
			}
		}
	}()
	runSolution(t, c, set, task.Key)
	<-lines
	err = cmd.Wait()
	var solved bool
	for _, m := range recs {
		solved = solved || m["type"] == "check" && m["ok"] == true && m["task"] == task.Key
	}
	if err != nil || !solved {
		b, _ := json.Marshal(recs)
		t.Fatalf("live practice of %s: %v, solved %v\nstderr: %s\nrecords: %s", task.Key, err, solved, stderr.String(), b)
	}
	latency(t, set.Lesson.Name+"/"+task.Key, holds(), ticked)
	r := lessontest.Kpod(t, "practice", set.Lesson.Name, task.Key, "--check", "-n", e2eNamespace)
	if r.Code != 0 {
		t.Fatalf("--check after the solution exited %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if assert := clusterShows[set.Lesson.Name+"/"+task.Key]; assert != nil {
		assert(t, c)
	} else {
		t.Errorf("no cluster assertion for %s/%s", set.Lesson.Name, task.Key)
	}
}

// runSolution runs a task's solution from its text, filled from the cluster.
func runSolution(t *testing.T, c kubernetes.Interface, set practice.Set, key string) {
	t.Helper()
	if steps, ok := nodeSolutions[set.Lesson.Name+"/"+key]; ok {
		for _, step := range steps {
			script(t, c, step)
		}
		return
	}
	script(t, c, set.Text("en", practice.SolutionKey(key)).Body)
	if key == "web" { // the next task needs web's IP
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if _, err := kube.WaitPod(ctx, c, e2eNamespace, "web", 3*time.Minute, func(p *corev1.Pod) (bool, error) { return lessontest.Running(p), nil }); err != nil {
			t.Fatal(err)
		}
	}
}

// script fills a script from the cluster's state and runs it with bash,
// as a student would paste it.
func script(t *testing.T, c kubernetes.Interface, text string) {
	t.Helper()
	w := &practice.World{Namespace: e2eNamespace, Images: runenv.Images(nil, os.Getenv), Nodes: studentNodes(t, c)}
	pods, err := c.CoreV1().Pods(e2eNamespace).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range pods.Items {
		w.Pods = append(w.Pods, &pods.Items[i])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", w.Fill(text))
	cmd.Dir = t.TempDir() // the files a solution writes (mine.yaml)
	out, err := cmd.CombinedOutput()
	t.Logf("student:\n%s\n%s(%v)", w.Fill(text), out, err)
}

// reset empties the practice namespace through kpod itself.
func reset(t *testing.T) {
	t.Helper()
	r := lessontest.Kpod(t, "practice", "--reset", "--yes", "-n", e2eNamespace)
	if r.Code != 0 && !strings.Contains(r.Stderr, "not found") {
		t.Fatalf("reset exited %d: %s%s", r.Code, r.Stdout, r.Stderr)
	}
}

func get(t *testing.T, c kubernetes.Interface, name string) *corev1.Pod {
	t.Helper()
	p, err := c.CoreV1().Pods(e2eNamespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// What the cluster itself shows once each task is solved.
var clusterShows = map[string]func(t *testing.T, c kubernetes.Interface){
	"run/web": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "web")
		if !lessontest.Running(p) || len(p.Spec.Containers[0].Ports) == 0 || p.Spec.Containers[0].Ports[0].ContainerPort != 80 {
			t.Errorf("pod/web: %v %v", kube.PodStatus(p), p.Spec.Containers[0].Ports)
		}
	},
	"run/reach": func(t *testing.T, c kubernetes.Interface) {
		// kpod ticks when the container ended with 0; the phase follows.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := kube.WaitPod(ctx, c, e2eNamespace, "client", 30*time.Second, func(p *corev1.Pod) (bool, error) {
			return p.Status.Phase == corev1.PodSucceeded, nil
		}); err != nil {
			t.Errorf("pod/client: %s, %v", get(t, c, "client").Status.Phase, err)
		}
	},
	"multipod/shared": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "pair"); !lessontest.Running(p) || len(p.Status.ContainerStatuses) != 2 {
			t.Errorf("pod/pair: %s", kube.PodStatus(p))
		}
	},
	"multipod/localhost": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "duo"); !lessontest.Running(p) || kube.Restarts(p) != 0 {
			t.Errorf("pod/duo: %s, %d restarts", kube.PodStatus(p), kube.Restarts(p))
		}
	},
	"probe/http": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "healthy"); !lessontest.Running(p) || kube.Restarts(p) != 0 {
			t.Errorf("pod/healthy: %s, %d restarts", kube.PodStatus(p), kube.Restarts(p))
		}
	},
	"probe/restart": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "fragile")
		evs, _ := c.CoreV1().Events(e2eNamespace).List(context.Background(), metav1.ListOptions{})
		probeFailed := false
		for _, e := range evs.Items {
			probeFailed = probeFailed || e.InvolvedObject.UID == p.UID && e.Reason == "Unhealthy" && strings.Contains(e.Message, "Liveness probe failed")
		}
		if kube.Restarts(p) == 0 || !probeFailed {
			t.Errorf("pod/fragile: %d restarts, liveness failure event %v", kube.Restarts(p), probeFailed)
		}
	},
	"probe/exec": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "alive"); !lessontest.Running(p) || kube.Restarts(p) != 0 {
			t.Errorf("pod/alive: %s, %d restarts", kube.PodStatus(p), kube.Restarts(p))
		}
	},
	"init/wait-db": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "app")
		if _, err := c.CoreV1().Services(e2eNamespace).Get(context.Background(), "db", metav1.GetOptions{}); err != nil || !lessontest.Running(p) {
			t.Errorf("pod/app: %s; service/db: %v", kube.PodStatus(p), err)
		}
	},
	"init/two": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "steps")
		for _, cs := range p.Status.InitContainerStatuses {
			if cs.State.Terminated == nil || cs.State.Terminated.ExitCode != 0 {
				t.Errorf("init container %s: %+v", cs.Name, cs.State)
			}
		}
		if len(p.Status.InitContainerStatuses) != 2 || !lessontest.Running(p) {
			t.Errorf("pod/steps: %s", kube.PodStatus(p))
		}
	},
	"resources/guaranteed": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "steady"); p.Status.QOSClass != corev1.PodQOSGuaranteed {
			t.Errorf("pod/steady: QoS %s", p.Status.QOSClass)
		}
	},
	"resources/oom": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "hog")
		// kind's containerd may report the kernel's OOM kill as Error, 137.
		if cs := p.Status.ContainerStatuses; len(cs) == 0 || cs[0].State.Terminated == nil || (cs[0].State.Terminated.Reason != "OOMKilled" && cs[0].State.Terminated.Reason != "Error") || cs[0].State.Terminated.ExitCode != 137 {
			t.Errorf("pod/hog: %+v", p.Status.ContainerStatuses)
		}
	},
	"resources/pending": func(t *testing.T, c kubernetes.Interface) {
		if p := get(t, c, "huge"); p.Spec.NodeName != "" || p.Status.Phase != corev1.PodPending {
			t.Errorf("pod/huge: node %q, %s", p.Spec.NodeName, p.Status.Phase)
		}
	},
	"env/greeting": func(t *testing.T, c kubernetes.Interface) {
		if out := logs(t, c, "hello"); strings.TrimSpace(out) != "hello" {
			t.Errorf("pod/hello printed %q", out)
		}
	},
	"env/path": func(t *testing.T, c kubernetes.Interface) {
		if out := kubectl(t, "exec", "paths", "--", "sh", "-c", "echo $PATH"); !strings.HasPrefix(strings.TrimSpace(out), "/opt/bin:") {
			t.Errorf("PATH in pod/paths: %q", out)
		}
	},
	"env/node": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "where")
		if out := logs(t, c, "where"); !strings.Contains(out, p.Spec.NodeName) || p.Spec.NodeName == "" {
			t.Errorf("pod/where on %s printed %q", p.Spec.NodeName, out)
		}
	},
	"pause/sandbox": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "box")
		sandbox := onNode(t, c, p.Spec.NodeName, "crictl pods -q --name box --namespace "+e2eNamespace+" --state ready")
		if id := p.Annotations[practice.SandboxAnnotation]; id == "" || !strings.HasPrefix(sandbox, id) {
			t.Errorf("pod/box says sandbox %q, crictl on node %s shows %q", id, p.Spec.NodeName, sandbox)
		}
	},
	"pause/kept": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "box")
		sandbox := onNode(t, c, p.Spec.NodeName, "crictl pods -q --name box --namespace "+e2eNamespace+" --state ready")
		if id := p.Annotations[practice.SandboxAnnotation]; kube.Restarts(p) == 0 || id == "" || !strings.HasPrefix(sandbox, id) {
			t.Errorf("pod/box: %d restarts, says sandbox %q, crictl shows %q", kube.Restarts(p), id, sandbox)
		}
	},
	"pause/fix-port": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "shop")
		if !lessontest.Running(p) || len(p.Status.ContainerStatuses) != 2 {
			t.Fatalf("pod/shop: %s", kube.PodStatus(p))
		}
		for _, cs := range p.Status.ContainerStatuses {
			if !cs.Ready || cs.State.Running == nil {
				t.Errorf("pod/shop: container %s: ready %v, %+v", cs.Name, cs.Ready, cs.State)
			}
		}
		// one network namespace: from web, localhost:8080 is api and localhost:80 is web
		if out := kubectl(t, "exec", "shop", "-c", "web", "--", "wget", "-qO-", "http://localhost:8080/"); strings.TrimSpace(out) != "api" {
			t.Errorf("api on port 8080 answered %q", out)
		}
		if out := kubectl(t, "exec", "shop", "-c", "web", "--", "wget", "-qO-", "http://localhost:80/"); out == "" || strings.TrimSpace(out) == "api" {
			t.Errorf("web on port 80 answered %q", out)
		}
	},
	"static/mirror": func(t *testing.T, c kubernetes.Interface) {
		pods, err := c.CoreV1().Pods(e2eNamespace).List(context.Background(), metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pods.Items {
			if p.Name == "mine-"+p.Spec.NodeName {
				hash := p.Annotations[corev1.MirrorPodAnnotationKey]
				ids := onNode(t, c, p.Spec.NodeName, "crictl pods -q --label io.kubernetes.pod.uid="+hash+" --state ready")
				if hash == "" || ids == "" || !lessontest.Running(&p) {
					t.Errorf("pod/%s: mirror of %q, the node runs %q, %s", p.Name, hash, ids, kube.PodStatus(&p))
				}
				return
			}
		}
		t.Errorf("no mirror Pod mine-<node> in %s", e2eNamespace)
	},
	"patterns/sidecar": func(t *testing.T, c kubernetes.Interface) {
		p := get(t, c, "logged")
		if !lessontest.Running(p) || len(p.Status.InitContainerStatuses) != 1 || p.Status.InitContainerStatuses[0].State.Running == nil {
			t.Errorf("pod/logged: %s, sidecar %+v", kube.PodStatus(p), p.Status.InitContainerStatuses)
		}
	},
}

// The solutions of node tasks whose words have a placeholder a person
// fills from what a command printed: the same commands, in steps, each
// filled from the cluster just before it runs.
var nodeSolutions = map[string][]string{
	"pause/sandbox": {
		`kubectl run box --image={{image "shell"}} -n {{ns}} -- sleep 3600
kubectl wait --for=condition=Ready pod/box -n {{ns}} --timeout=2m`,
		`ID=$({{onnode (node "box") (printf "crictl pods --name box --namespace %s --state ready -q" ns)}})
kubectl annotate pod box kpod.dev/sandbox=$ID -n {{ns}}`,
	},
	"pause/kept": {
		`{{onnode (node "box") (printf "crictl stop --timeout 0 $(crictl ps -q --pod %s)" (sandbox "box"))}}`,
	},
}

// What the student undoes after a task: the files they wrote on a node,
// which kpod never removes.
var undos = map[string]string{
	"static/mirror": `{{onnode (node "") (printf "rm -f %s/mine.yaml" (staticPodPath (node "")))}}
kubectl wait --for=delete pod/mine-{{node ""}} -n {{ns}} --timeout=2m`,
}

// studentShell is how the scripted student runs commands on a node from
// their own machine: `docker exec -i NODE` on a kind node; elsewhere a root
// shell in a privileged Pod on the node (what `kubectl debug node/NODE
// --profile=sysadmin` gives a person at a terminal), which the test makes
// in the e2e namespace, out of the practice namespace that reset empties,
// and reaches with `kubectl exec -i`.
type studentShell struct{ prefix map[string]string }

func (s studentShell) Way() string { return "the student's shell" }
func (s studentShell) Command(node, script string) string {
	return s.prefix[node] + " sh -c " + shellescape.Quote(script)
}
func (s studentShell) Copy(node, local, remote string) string {
	return s.prefix[node] + " sh -c " + shellescape.Quote("cat > "+shellescape.Quote(remote)) + " < " + shellescape.Quote(local)
}
func (s studentShell) Run(ctx context.Context, node, script string) (string, error) {
	out, err := exec.CommandContext(ctx, "bash", "-c", s.Command(node, script)).Output()
	return string(out), err
}

var shells struct {
	sync.Mutex
	nodes *practice.Nodes
}

// studentNodes starts the student's shell on every node once.
func studentNodes(t *testing.T, c kubernetes.Interface) *practice.Nodes {
	t.Helper()
	shells.Lock()
	defer shells.Unlock()
	if shells.nodes != nil {
		return shells.nodes
	}
	ctx := context.Background()
	list, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nodes := node.Sort(list.Items)
	picked, err := node.Pick(nodes, "")
	if err != nil {
		t.Fatal(err)
	}
	sh := studentShell{prefix: map[string]string{}}
	h := &node.HelperPods{Client: c, Namespace: lessontest.Namespace, Image: runenv.Images(nil, os.Getenv)["shell"],
		Labels: map[string]string{kube.ManagedBy: kube.ManagedByValue}}
	for _, n := range nodes {
		if prefix, kind := lessontest.NodeWay(t, c, n.Name); kind {
			engine, _, _ := strings.Cut(prefix, " ")
			sh.prefix[n.Name] = engine + " exec -i " + n.Name
			continue
		}
		if _, err := c.CoreV1().Namespaces().Get(ctx, lessontest.Namespace, metav1.GetOptions{}); kube.IsNotFound(err) {
			_, _ = c.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: lessontest.Namespace}}, metav1.CreateOptions{})
		}
		pod, err := h.Start(ctx, n.Name)
		if err != nil {
			t.Fatalf("a shell on node %s: %v", n.Name, err)
		}
		sh.prefix[n.Name] = "kubectl exec -i -n " + lessontest.Namespace + " " + pod + " -- chroot " + node.HostRoot
	}
	shells.nodes = practice.NewNodes(&kube.Clients{Client: c}, sh, picked.Name)
	if err := shells.nodes.ReadStaticDir(ctx); err != nil {
		t.Logf("the texts show %s: %v", shells.nodes.StaticDir, err)
	}
	shellsClose = func() { _ = h.Close(context.Background()) }
	return shells.nodes
}

var shellsClose = func() {}

func TestMain(m *testing.M) {
	code := m.Run()
	shellsClose()
	os.Exit(code)
}

// onNode runs a command on node through the student's shell and returns
// its output, trimmed.
func onNode(t *testing.T, c kubernetes.Interface, node, cmd string) string {
	t.Helper()
	out, err := studentNodes(t, c).Access.Run(context.Background(), node, cmd)
	if err != nil {
		t.Fatalf("on node %s: %s: %v", node, cmd, err)
	}
	return strings.TrimSpace(out)
}

// judge watches the practice namespace on the test's own watches and
// checks the task on every change, as kpod does: the returned func says
// when the task first held (the arrival of the change that made it hold,
// or the moment a wait on time ended), zero if it never did.
func judge(ctx context.Context, t *testing.T, c kubernetes.Interface, task practice.Task) func() time.Time {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var at time.Time
	var timer *time.Timer
	nodes := (*practice.Nodes)(nil)
	if task.Node {
		nodes = studentNodes(t, c)
	}
	stores := map[string]cache.Store{}
	var check func(now time.Time)
	check = func(now time.Time) {
		mu.Lock()
		defer mu.Unlock()
		if !at.IsZero() || stores["events"] == nil {
			return
		}
		w := &practice.World{Namespace: e2eNamespace, Images: runenv.Images(nil, os.Getenv), Now: now, Nodes: nodes}
		for _, o := range stores["pods"].List() {
			if p := o.(*corev1.Pod); p.Labels[node.HelperLabel] == "" {
				w.Pods = append(w.Pods, p)
			}
		}
		for _, o := range stores["services"].List() {
			w.Services = append(w.Services, o.(*corev1.Service))
		}
		for _, o := range stores["events"].List() {
			w.Events = append(w.Events, o.(*corev1.Event))
		}
		r := task.Check(t.Context(), w)
		switch {
		case r.OK:
			at = now
		case !r.Recheck.IsZero():
			if timer != nil {
				timer.Stop()
			}
			when := r.Recheck
			timer = time.AfterFunc(time.Until(when), func() { check(when) })
		}
	}
	poke := cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { check(time.Now()) },
		UpdateFunc: func(_, _ any) { check(time.Now()) },
		DeleteFunc: func(any) { check(time.Now()) },
	}
	informers := map[string]cache.SharedIndexInformer{
		"pods": cache.NewSharedIndexInformer(kube.PodListWatch(c, e2eNamespace, "", ""), &corev1.Pod{}, 0, cache.Indexers{}),
		"services": cache.NewSharedIndexInformer(kube.ListWatch(c, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return c.CoreV1().Services(e2eNamespace).List(ctx, o)
		}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return c.CoreV1().Services(e2eNamespace).Watch(ctx, o)
		}), &corev1.Service{}, 0, cache.Indexers{}),
		"events": cache.NewSharedIndexInformer(kube.EventListWatch(c, e2eNamespace), &corev1.Event{}, 0, cache.Indexers{}),
	}
	var synced []cache.InformerSynced
	mu.Lock()
	for name, inf := range informers {
		_, _ = inf.AddEventHandler(poke)
		stores[name] = inf.GetStore()
		synced = append(synced, inf.HasSynced)
		go inf.RunWithContext(ctx)
	}
	mu.Unlock()
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		t.Fatal("the test's own watches did not sync")
	}
	check(time.Now())
	return func() time.Time {
		cancel()
		mu.Lock()
		defer mu.Unlock()
		if timer != nil {
			timer.Stop()
		}
		return at
	}
}

// latency logs how long after the task held (on the test's watch) the
// live practice printed its ✓, and appends it to $KPOD_BENCH_LATENCY (one
// JSON object a line) for make bench.
func latency(t *testing.T, task string, held, ticked time.Time) {
	t.Helper()
	if held.IsZero() || ticked.IsZero() {
		t.Logf("latency of %s: not measured (held %v, ✓ %v)", task, held, ticked)
		return
	}
	d := ticked.Sub(held)
	t.Logf("latency of %s: %s from the change that satisfied it to the printed ✓", task, d.Round(time.Millisecond))
	file := os.Getenv("KPOD_BENCH_LATENCY")
	if file == "" {
		return
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := json.Marshal(map[string]any{"task": task, "ms": float64(d) / float64(time.Millisecond)})
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Fatal(err)
	}
}
