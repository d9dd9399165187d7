package cli

import (
	"os"
	"testing"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"
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
	r := newRecorder(file, flags, nil, "kpod", clock.RealClock{}, func(err error) { warned = append(warned, err) })
	at := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	r.Ran("run", at)
	r.Solved("run", "first", at)
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
	r.Ran("env", at)
	if len(warned) != 1 {
		t.Errorf("a save that failed: warned %v, want once", warned)
	}

	unread := newRecorder(nil, flags, nil, "kpod", clock.RealClock{}, func(err error) { t.Errorf("warned %v", err) })
	unread.Ran("run", at)
	if unread.Hints("run", "first") != 0 {
		t.Error("hints from no file")
	}
}
