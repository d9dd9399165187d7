package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/kpod-dev/kpod/internal/class"
	"github.com/kpod-dev/kpod/internal/kube/kind/kindtest"
	"github.com/kpod-dev/kpod/internal/lessons/all"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// jsonRun is one run of a command with -o json, and what docs/json.md
// says it writes.
type jsonRun struct {
	cmd     string   // the command's path below kpod: "class status"
	section string   // its section of docs/json.md; "" for the lesson stream
	types   []string // the record types it writes
	// code, when set, is the code of the error record it ends with.
	code string
	// run runs it and returns stdout and the exit code.
	run func(t *testing.T) (string, int)
}

// jsonRuns runs every command that takes -o json, each on a fake cluster or
// machine, or with none.
func jsonRuns() []jsonRun {
	appRun := func(app *Factory, args ...string) func(t *testing.T) (string, int) {
		return func(t *testing.T) (string, int) {
			r := run(t, app, context.Background(), append(args, "-o", "json")...)
			return r.out, r.code
		}
	}
	machine := func(t *testing.T, args ...string) (string, int) {
		nodes := kindtest.KpodCluster("kpod", 2)
		tm := newTestMachine(t, lessonImages, kpodNodes(lessonImages...)...)
		tm.provider.Add("kpod", nodes...)
		app, _, _ := newApp(nil)
		app.Machine = tm.machine
		return appRun(app, args...)(t)
	}
	classNS := func() *fake.Clientset {
		return fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: class.Namespace("c1", "ana"),
			Labels: map[string]string{class.Label: "c1", class.StudentLabel: "ana", class.ManagedBy: class.ManagedByValue}}})
	}
	classRun := func(c *fake.Clientset, args ...string) func(t *testing.T) (string, int) {
		return func(t *testing.T) (string, int) {
			c.PrependReactor("create", "serviceaccounts", func(a k8stesting.Action) (bool, runtime.Object, error) {
				if a.GetSubresource() != "token" {
					return false, nil, nil
				}
				return true, &authv1.TokenRequest{Status: authv1.TokenRequestStatus{Token: "tok", ExpirationTimestamp: metav1.NewTime(time.Now().Add(time.Hour))}}, nil
			})
			app, _, _ := newApp(fakeConnect(c))
			kc := studentKubeconfig(t, "teacher", "default")
			return appRun(app, append(args, "--kubeconfig", kc, "--dir", t.TempDir())...)(t)
		}
	}
	var runs []jsonRun
	for _, l := range all.Lessons {
		runs = append(runs, jsonRun{cmd: l.Name, run: func(t *testing.T) (string, int) {
			return appRun(practiceApp(t, nil), l.Name, "--dry-run")(t)
		}})
	}
	runs = append(runs,
		jsonRun{cmd: "watch", run: func(t *testing.T) (string, int) {
			p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod", CreationTimestamp: metav1.Now()},
				Spec:   corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.30-alpine"}}},
				Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.244.0.7"}}
			c := fake.NewClientset(p)
			app, _, _ := newApp(fakeConnect(c))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				time.Sleep(300 * time.Millisecond)
				_ = c.CoreV1().Pods("kpod").Delete(ctx, "web", metav1.DeleteOptions{})
				time.Sleep(2 * time.Second)
				cancel() // in case the deletion went unseen
			}()
			r := run(t, app, ctx, "watch", "web", "-o", "json")
			return r.out, 0
		}},
		jsonRun{cmd: "practice", run: func(t *testing.T) (string, int) {
			return appRun(practiceApp(t, nil), "practice", "probe", "--dry-run")(t)
		}},
		jsonRun{cmd: "practice", types: []string{"hint"}, run: func(t *testing.T) (string, int) {
			return appRun(practiceApp(t, nil), "practice", "run", "--hint")(t) // a hint alone: the first record
		}},
		jsonRun{cmd: "practice", run: func(t *testing.T) (string, int) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clients, _, err := lessontest.FakeClients(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := run(t, practiceApp(t, clients), ctx, "practice", "run", "web", "--check", "-o", "json")
			return r.out, 0 // the task does not hold: exit 1
		}, code: "err.practice.unsolved"},
		jsonRun{cmd: "why", section: "kpod why", types: []string{"diagnosis"}, run: func(t *testing.T) (string, int) {
			p, ev := crashingPod()
			app, _, _ := newApp(fakeConnect(fake.NewClientset(p, ev)))
			return appRun(app, "why", "crash", "-n", "shop")(t)
		}},
		jsonRun{cmd: "why", section: "kpod why", code: "err.cli.nopod.looked", run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(fakeConnect(fake.NewClientset()))
			r := run(t, app, context.Background(), "why", "nope", "-n", "shop", "-o", "json")
			if r.code != 1 {
				t.Errorf("exit %d", r.code)
			}
			return r.out, 0
		}},
		jsonRun{cmd: "draw", section: "kpod draw", types: []string{"draw"}, run: func(t *testing.T) (string, int) {
			p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "kpod"},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.30-alpine"}}}}
			app, _, _ := newApp(fakeConnect(fake.NewClientset(p)))
			return appRun(app, "draw", "web")(t)
		}},
		jsonRun{cmd: "progress", section: "kpod progress", types: []string{"progress"}, run: func(t *testing.T) (string, int) {
			return appRun(practiceApp(t, nil), "progress")(t)
		}},
		jsonRun{cmd: "class create", section: "kpod class", types: []string{"kubeconfig"}, run: classRun(fake.NewClientset(), "class", "create", "--class", "c1", "--students", "2")},
		jsonRun{cmd: "class kubeconfig", section: "kpod class", types: []string{"kubeconfig"}, run: classRun(classNS(), "class", "kubeconfig", "ana", "--class", "c1")},
		jsonRun{cmd: "class status", section: "kpod class", types: []string{"student"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(fakeConnect(classNS()))
			return appRun(app, "class", "status", "--class", "c1")(t)
		}},
		jsonRun{cmd: "class delete", section: "kpod class", types: []string{"deleted"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(fakeConnect(classNS()))
			return appRun(app, "class", "delete", "--class", "c1")(t)
		}},
		jsonRun{cmd: "cluster create", section: "kpod cluster", types: []string{"created"}, run: func(t *testing.T) (string, int) {
			tm := newTestMachine(t, []string{"kindest/node:v1.36.1"}, kpodNodes()[:2]...)
			app, _, _ := newApp(nil)
			app.Machine = tm.machine
			return appRun(app, "cluster", "create", "--workers", "1", "--image", "kindest/node:v1.36.1")(t)
		}},
		jsonRun{cmd: "cluster status", section: "kpod cluster", types: []string{"status"}, run: func(t *testing.T) (string, int) { return machine(t, "cluster", "status") }},
		jsonRun{cmd: "cluster delete", section: "kpod cluster", types: []string{"deleted"}, run: func(t *testing.T) (string, int) { return machine(t, "cluster", "delete") }},
		jsonRun{cmd: "images list", section: "kpod images", types: []string{"image"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(nil)
			return appRun(app, "images", "list")(t)
		}},
		jsonRun{cmd: "images load", section: "kpod images", types: []string{"loaded"}, run: func(t *testing.T) (string, int) { return machine(t, "images", "load") }},
		jsonRun{cmd: "doctor", section: "kpod doctor", types: []string{"check"}, run: func(t *testing.T) (string, int) {
			tm := newTestMachine(t, lessonImages, kpodNodes(lessonImages...)...)
			tm.provider.Add("kpod", kindtest.KpodCluster("kpod", 2)...)
			app, _, _ := newApp(fakeConnect(tm.client))
			app.Machine = tm.machine
			r := run(t, app, context.Background(), "doctor", "-o", "json")
			return r.out, 0 // what it finds on a fake cluster does not matter here
		}},
		jsonRun{cmd: "examples", section: "kpod examples", types: []string{"example"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(nil)
			return appRun(app, "examples")(t)
		}},
		jsonRun{cmd: "examples", section: "kpod examples", types: []string{"manifest"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(nil)
			return appRun(app, "examples", "liveness-http.yaml")(t)
		}},
		jsonRun{cmd: "examples", section: "kpod examples", types: []string{"written"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(nil)
			return appRun(app, "examples", "--dir", t.TempDir())(t)
		}},
		jsonRun{cmd: "version", section: "kpod version", types: []string{"version"}, run: func(t *testing.T) (string, int) {
			app, _, _ := newApp(nil)
			return appRun(app, "version")(t)
		}},
	)
	return runs
}

// Every command that takes -o json writes only records docs/json.md
// documents for it: each line JSON, of a record type of the command's
// section, every key listed with its type, every required key there.
func TestJSONOfEveryCommand(t *testing.T) {
	for _, jr := range jsonRuns() {
		t.Run(strings.ReplaceAll(jr.cmd, " ", "_"), func(t *testing.T) {
			out, code := jr.run(t)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			var recs []map[string]any
			if jr.section == "" {
				checkStream(t, out, jr.cmd == "practice")
				recs = records(t, jr.cmd, out, false)
			} else {
				recs = checkCommand(t, jr.cmd, out, jr.section, jr.types, jr.cmd == "version")
			}
			seen := map[string]int{}
			for _, rec := range recs {
				seen[rec["type"].(string)]++
			}
			if last := recs[len(recs)-1]; jr.code != "" {
				if last["type"] != "error" || last["code"] != jr.code || seen["error"] != 1 {
					t.Errorf("want one error record of code %s, last:\n%s", jr.code, out)
				}
				return
			}
			if seen["error"] > 0 {
				t.Errorf("an error record:\n%s", out)
			}
			for _, typ := range jr.types {
				if seen[typ] == 0 {
					t.Errorf("no %s record:\n%s", typ, out)
				}
			}
		})
	}
}

// Each command that takes -o json is run by TestJSONOfEveryCommand: a new
// one fails here until it is documented and checked.
func TestEveryJSONCommandIsChecked(t *testing.T) {
	checked := map[string]bool{}
	for _, jr := range jsonRuns() {
		checked[jr.cmd] = true
	}
	app, _, _ := newApp(nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if !c.Runnable() || c.Hidden {
			return
		}
		if err := checkOutput(c, "json"); err != nil {
			return // it refuses -o json
		}
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), "kpod"), " ")
		if !checked[path] {
			t.Errorf("kpod %s takes -o json but TestJSONOfEveryCommand does not check it against docs/json.md", path)
		}
	}
	walk(newCmdKpod(newInvocation(app, nil)))
}
