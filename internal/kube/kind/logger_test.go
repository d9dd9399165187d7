package kind

import (
	"reflect"
	"testing"
)

type record []string

func (r *record) Start(s string) { *r = append(*r, "start "+s) }
func (r *record) End(s string, ok bool) {
	if ok {
		*r = append(*r, "ok "+s)
	} else {
		*r = append(*r, "failed "+s)
	}
}
func (r *record) Info(s string) { *r = append(*r, "info "+s) }
func (r *record) Warn(s string) { *r = append(*r, "warn "+s) }

func TestLoggerTurnsKindStatusIntoSteps(t *testing.T) {
	var r record
	l := Logger(&r)
	// What kind's status writes to a logger without a spinner.
	l.Warn("cgroup v1 is deprecated in Kubernetes")
	l.V(0).Infof("Creating cluster %q ...\n", "kpod")
	l.V(0).Infof(" • %s  ...\n", "Ensuring node image (kindest/node:v1.37.0) 🖼")
	l.V(0).Infof(" ✓ %s\n", "Ensuring node image (kindest/node:v1.37.0) 🖼")
	l.V(0).Infof(" • %s  ...\n", "Starting control-plane 🕹️")
	l.V(0).Infof(" ✗ %s\n", "Starting control-plane 🕹️")
	l.V(0).Info(" • WARNING: Timed out waiting for Ready ⚠️")
	l.V(1).Info("debug detail nobody needs")
	l.Errorf("failed to update kubeconfig: %v", "locked")
	want := record{
		"warn cgroup v1 is deprecated in Kubernetes",
		`info Creating cluster "kpod" ...`,
		"start Ensuring node image (kindest/node:v1.37.0)",
		"ok Ensuring node image (kindest/node:v1.37.0)",
		"start Starting control-plane",
		"failed Starting control-plane",
		"warn Timed out waiting for Ready",
		"warn failed to update kubeconfig: locked",
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got\n%q\nwant\n%q", r, want)
	}
}
