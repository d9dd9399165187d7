package all

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
)

// TestClaims checks every claim in the lesson texts: both languages claim
// the same, each parses, example and source claims hold, and the recorded
// runs in internal/cli/testdata/replay agree with the timeline claims.
// Source claims read Kubernetes' files in the module cache (TestClaims/source).
func TestClaims(t *testing.T) {
	var sources []sourceClaim
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
				if c.File != "" && !strings.HasPrefix(c.File, "examples/") {
					sources = append(sources, sourceClaim{l.Name + " " + key, c})
					continue
				}
				checkFile(t, l.Name+" "+key, c)
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
	t.Run("source", func(t *testing.T) {
		checkSources(t, sources, os.Getenv("KPOD_CLAIMS_SOURCE") == "required")
	})
}

// sourceClaim is a claim about a Kubernetes source file, and where it is made.
type sourceClaim struct {
	where string
	claim lessontest.Claim
}

// checkSources checks the source claims against the module cache. The
// root module does not need k8s.io/kubernetes, so a fresh machine may not
// have it: make test skips what it cannot check, and says so; make e2e,
// whose test cluster is built from it (scripts/e2e/k8s), fetches it and
// sets KPOD_CLAIMS_SOURCE=required, and a missing file fails.
func checkSources(t *testing.T, claims []sourceClaim, required bool) {
	modcache := ""
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		modcache = strings.TrimSpace(string(out))
	}
	var missing []string
	for _, s := range claims {
		if modcache == "" {
			missing = append(missing, s.claim.File)
			continue
		}
		data, err := os.ReadFile(filepath.Join(modcache, s.claim.File))
		switch {
		case os.IsNotExist(err):
			missing = append(missing, s.claim.File)
		case err != nil:
			t.Errorf("%s: %v", s.where, err)
		case !bytes.Contains(data, []byte(s.claim.Has)):
			t.Errorf("%s: claim %q: %s does not contain it", s.where, s.claim.Text, s.claim.File)
		}
	}
	if len(missing) == 0 {
		return
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	why := fmt.Sprintf("%d source files of the lessons' claims are not in the module cache %q: %s", len(missing), modcache, strings.Join(missing, ", "))
	if required {
		t.Errorf("%s (KPOD_CLAIMS_SOURCE=required: make e2e fetches k8s.io/kubernetes first)", why)
		return
	}
	t.Skipf("%s; not checked (make e2e checks them)", why)
}

// checkFile checks a claim about a file of kpod's examples.
func checkFile(t *testing.T, where string, c lessontest.Claim) {
	t.Helper()
	if c.File == "" {
		return
	}
	data, err := examples.FS.ReadFile(strings.TrimPrefix(c.File, "examples/"))
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
