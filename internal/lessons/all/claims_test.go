package all

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// TestClaims checks every claim in the lesson texts: both languages claim
// the same, each parses, example and source claims hold, and the recorded
// runs in internal/cli/testdata/replay agree with the timeline claims.
func TestClaims(t *testing.T) {
	modcache := ""
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		modcache = strings.TrimSpace(string(out))
	}
	for _, l := range Lessons {
		en, ko := l.Text["en"], l.Text["ko"]
		for key, sec := range en {
			want, err := lessontest.Claims(sec.Notes)
			if err != nil {
				t.Errorf("%s en %s: %v", l.Name, key, err)
				continue
			}
			got, err := lessontest.Claims(ko[key].Notes)
			if err != nil {
				t.Errorf("%s ko %s: %v", l.Name, key, err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: ko claims %v, en claims %v", l.Name, key, got, want)
			}
			for _, c := range want {
				checkFile(t, modcache, l.Name+" "+key, c)
			}
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "cli", "testdata", "replay", l.Name+".json"))
		if err != nil {
			continue
		}
		for _, err := range lessontest.CheckRecords(en, records(t, data)) {
			t.Errorf("%s recording: %v", l.Name, err)
		}
	}
}

func checkFile(t *testing.T, modcache, where string, c lessontest.Claim) {
	t.Helper()
	var data []byte
	var err error
	switch {
	case c.File == "":
		return
	case strings.HasPrefix(c.File, "examples/"):
		data, err = examples.FS.ReadFile(strings.TrimPrefix(c.File, "examples/"))
	default:
		if modcache == "" {
			t.Logf("%s: no module cache to check %q", where, c.Text)
			return
		}
		data, err = os.ReadFile(filepath.Join(modcache, c.File))
		if os.IsNotExist(err) {
			t.Logf("%s: %s is not in the module cache; not checked", where, c.File)
			return
		}
	}
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	if !bytes.Contains(data, []byte(c.Has)) {
		t.Errorf("%s: claim %q: %s does not contain it", where, c.Text, c.File)
	}
}

func records(t *testing.T, data []byte) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// TestClaimsDisagree: a timeline that breaks a lesson's claim fails it.
func TestClaimsDisagree(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "cli", "testdata", "replay", "init.json"))
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, data)
	var en = Lessons[0].Text["en"]
	for _, l := range Lessons {
		if l.Name == "init" {
			en = l.Text["en"]
		}
	}
	if errs := lessontest.CheckRecords(en, recs); len(errs) > 0 {
		t.Fatalf("the recording should agree: %v", errs)
	}
	// Move Init:CrashLoopBackOff 20 s later than the second failure.
	for _, r := range recs {
		if r["reason"] == "Init:CrashLoopBackOff" {
			r["t"] = r["t"].(float64) + 20
		}
	}
	errs := lessontest.CheckRecords(en, recs)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "Init:CrashLoopBackOff") {
		t.Errorf("got %v, want one error about Init:CrashLoopBackOff", errs)
	}
}
