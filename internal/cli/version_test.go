package cli

import (
	"context"
	"encoding/json"
	"io"
	"runtime/debug"
	"strings"
	"testing"

	"k8s.io/klog/v2"
)

// A `go install ...@v0.2.0` build has no linker flags: the version comes
// from the module's build info, never "dev".
func TestVersionFromBuildInfo(t *testing.T) {
	info := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kpod-dev/kpod", Version: "v0.2.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "false"}}}, true
	}
	v := versionFrom("", "", "", info)
	if v.GitVersion != "v0.2.0" || v.GitCommit != "abc123" || v.BuildDate != "2026-11-30T10:00:00Z" || v.GitTreeState != "clean" || v.GoVersion != "go1.26.8" {
		t.Errorf("from build info: %+v", v)
	}
	v = versionFrom("v1.0.0", "fff", "2026-12-01", info)
	if v.GitVersion != "v1.0.0" || v.GitCommit != "fff" || v.BuildDate != "2026-12-01" {
		t.Errorf("linker flags must win: %+v", v)
	}
	devel := func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true }
	if v := versionFrom("", "", "", devel); v.GitVersion != "v0.0.0-dev" {
		t.Errorf("a checkout build: %q", v.GitVersion)
	}
}

func TestVersionOutputs(t *testing.T) {
	app, _, _ := newApp(nil)
	r := run(t, app, context.Background(), "version", "-o", "json")
	var got struct {
		ClientVersion map[string]string `json:"clientVersion"`
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil || got.ClientVersion["platform"] == "" || got.ClientVersion["gitVersion"] == "" {
		t.Fatalf("version -o json: %v %q", err, r.out)
	}
	app, _, _ = newApp(nil)
	if r := run(t, app, context.Background(), "version", "-o", "yaml"); !strings.Contains(r.out, "clientVersion:\n  buildDate:") {
		t.Errorf("version -o yaml: %q", r.out)
	}
	app, _, _ = newApp(nil)
	if r := run(t, app, context.Background(), "--version"); r.code != 0 || !strings.HasPrefix(r.out, "kpod v") {
		t.Errorf("--version: %d %q %q", r.code, r.out, r.err)
	}
}

// -v=N sets client-go's log level and sends its log to stderr, as kubectl.
func TestVerbosity(t *testing.T) {
	app, _, errOut := newApp(nil)
	run(t, app, context.Background(), "-v=6", "version")
	defer logTo(io.Discard, 0)
	if !klog.V(6).Enabled() || klog.V(7).Enabled() {
		t.Fatal("-v=6 did not set klog's level to 6")
	}
	klog.V(6).Info("GET https://example/api 200 OK")
	klog.Flush()
	if !strings.Contains(errOut.String(), "GET https://example/api") {
		t.Errorf("klog does not reach stderr: %q", errOut.String())
	}
	// An invocation without -v leaves klog, global to the process, as it
	// is: it neither turns it off nor sends it to its own stderr.
	app, _, errOut = newApp(nil)
	run(t, app, context.Background(), "version")
	if !klog.V(6).Enabled() || klog.V(7).Enabled() {
		t.Error("a run without -v changed klog's level")
	}
	klog.V(6).Info("GET https://example/api 200 OK")
	klog.Flush()
	if errOut.Len() != 0 {
		t.Errorf("a run without -v prints klog lines: %q", errOut.String())
	}
}

// -v goes through the Factory's Log, so a test (or a program embedding
// kpod) can keep klog, the whole process's, out of its runs.
func TestVerbosityThroughFactory(t *testing.T) {
	app, _, errOut := newApp(nil)
	var level int
	var to io.Writer
	app.Log = func(w io.Writer, v int) { to, level = w, v }
	if r := run(t, app, context.Background(), "-v=3", "version"); r.code != 0 {
		t.Fatalf("-v=3 version: %d %q", r.code, r.err)
	}
	if level != 3 || to == nil {
		t.Errorf("Log got level %d, writer %v; want 3 and stderr", level, to)
	}
	_ = errOut
}
