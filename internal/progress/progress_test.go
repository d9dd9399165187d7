package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KPOD_HOME": "/k", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/k/progress.json"},
		{map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/kpod/progress.json"},
		{map[string]string{"HOME": "/h"}, "/h/.config/kpod/progress.json"},
	} {
		if got, err := Path(env(tc.env)); err != nil || got != tc.want {
			t.Errorf("%v: got %s %v, want %s", tc.env, got, err, tc.want)
		}
	}
}

// What is recorded survives a save and a load; the first solve counts.
func TestSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", File)
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.Ran("run", t1)
	p.Ran("run", t1.Add(time.Hour))
	p.Solved("run", "web", t1)
	p.Solved("run", "web", t1.Add(time.Hour))
	p.Hinted("run", "reach", 2)
	p.Hinted("run", "reach", 1)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	q, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if at, ok := q.IsSolved("run", "web"); !ok || !at.Equal(t1) {
		t.Errorf("solved: %v %v", at, ok)
	}
	if _, ok := q.IsSolved("run", "reach"); ok {
		t.Error("reach solved")
	}
	if at, ok := q.LastRun("run"); !ok || !at.Equal(t1.Add(time.Hour)) || q.Lessons["run"].Runs != 2 {
		t.Errorf("last run: %v %v", at, q.Lessons["run"])
	}
	if n := q.Hints("run", "reach"); n != 2 {
		t.Errorf("hints: %d", n)
	}
}

func TestDamagedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), File)
	if err := os.WriteFile(path, []byte("{nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("got %v", err)
	}
}

// Path reads only the environment it is given: a test's empty environment
// must never fall back to the real user's home.
func TestPathNeverFallsBackToTheProcessHome(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	if p, err := Path(func(string) string { return "" }); err == nil {
		t.Fatalf("Path with no HOME in its environment = %s, want an error", p)
	}
	p, err := Path(func(k string) string { return map[string]string{"HOME": "/h"}[k] })
	if err != nil || p != "/h/.config/kpod/progress.json" {
		t.Fatalf("Path = %q, %v", p, err)
	}
}
