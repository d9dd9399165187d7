package cli

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/progress"
)

// The recorder saves each change to the file at once, says a save that
// fails, and leaves a file it could not read alone.
func TestRecorder(t *testing.T) {
	flags := genericclioptions.NewConfigFlags(true)
	home := t.TempDir()
	getenv := func(k string) string {
		if k == "KPOD_HOME" {
			return home
		}
		return ""
	}
	file, path, err := loadProgress(getenv)
	if err != nil {
		t.Fatal(err)
	}
	var warned []error
	r := newRecorder(file, flags, getenv, nil, "kpod", clock.RealClock{}, func(err error) { warned = append(warned, err) })
	at := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	r.Ran(context.Background(), "run", at)
	r.Solved(context.Background(), "run", "first", at)
	r.Hinted("run", "first", 2)
	saved, err := progress.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := saved.LastRun("run"); !ok {
		t.Error("the run is not in the file")
	}
	if _, ok := saved.IsSolved("run", "first"); !ok {
		t.Error("the task solved is not in the file")
	}
	if n := saved.Hints("run", "first"); n != 2 || r.Hints("run", "first") != 2 {
		t.Errorf("hints %d in the file, %d told; want 2", n, r.Hints("run", "first"))
	}
	if len(warned) != 0 {
		t.Errorf("warned %v", warned)
	}

	// The file's folder is now a file: the next save fails.
	if err := os.RemoveAll(home); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(home, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r.Ran(context.Background(), "env", at)
	if len(warned) != 1 {
		t.Errorf("a save that failed: warned %v, want once", warned)
	}

	unread := newRecorder(nil, flags, getenv, nil, "kpod", clock.RealClock{}, func(err error) { t.Errorf("warned %v", err) })
	unread.Ran(context.Background(), "run", at)
	if unread.Hints("run", "first") != 0 {
		t.Error("hints from no file")
	}
}

// A class record that fails is said while the run goes on, and not when
// the run was stopped (Ctrl-C): then the student is not waited for either.
func TestRecorderClassStopsWithTheRun(t *testing.T) {
	c := fake.NewClientset()
	c.PrependReactor("*", "*", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("the cluster is away")
	})
	var warned []error
	r := &recorder{class: c, ns: "kpod-c1-s01", clock: clock.RealClock{}, warn: func(err error) { warned = append(warned, err) }}
	r.Solved(context.Background(), "run", "web", time.Now())
	if len(warned) != 1 {
		t.Fatalf("a class record that failed: warned %v, want once", warned)
	}
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	r.Solved(stopped, "run", "web", time.Now())
	if len(warned) != 1 {
		t.Errorf("a stopped run warned: %v", warned[1:])
	}
}
