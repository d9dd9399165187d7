package kind

import (
	"strings"
	"testing"
	"testing/fstest"
)

func status(capEff string) fstest.MapFS {
	return fstest.MapFS{"self/status": {Data: []byte("Name:\tkpod\nCapInh:\t0000000000000000\nCapEff:\t" + capEff + "\nCapBnd:\t000001ffffffffff\n")}}
}

var (
	cgroupV2     = fstest.MapFS{"cgroup.controllers": {Data: []byte("cpu io memory pids\n")}, "cgroup.subtree_control": {}}
	cgroupV1     = fstest.MapFS{"memory/tasks": {}, "cpu/tasks": {}, "systemd/tasks": {}}
	cgroupHybrid = fstest.MapFS{"memory/tasks": {}, "unified/cgroup.controllers": {}}
)

func TestHostFacts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		host    Host
		v1      bool
		lower   bool
		quirks  string
		wantErr string
	}{
		{name: "cgroup v2, all capabilities", host: Host{Proc: status("000001ffffffffff"), Cgroup: cgroupV2}, lower: true},
		{name: "cgroup v1", host: Host{Proc: status("000001ffffffffff"), Cgroup: cgroupV1}, v1: true, lower: true, quirks: "cgroup-v1"},
		{name: "hybrid is v1", host: Host{Proc: status("000001ffffffffff"), Cgroup: cgroupHybrid}, v1: true, lower: true, quirks: "cgroup-v1"},
		{name: "no CAP_SYS_RESOURCE", host: Host{Proc: status("000001fffeffffff"), Cgroup: cgroupV2}, quirks: "oom-score"},
		{name: "both", host: Host{Proc: status("000001fffeffffff"), Cgroup: cgroupV1}, v1: true, quirks: "cgroup-v1 oom-score"},
		{name: "not Linux: nothing to read", host: Host{Proc: fstest.MapFS{}, Cgroup: fstest.MapFS{}}, lower: true},
		{name: "nil readers", host: Host{}, lower: true},
		{name: "garbled status", host: Host{Proc: fstest.MapFS{"self/status": {Data: []byte("CapEff:\tzz\n")}}, Cgroup: cgroupV2}, wantErr: "CapEff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v1, err := tc.host.CgroupV1()
			if err != nil || v1 != tc.v1 {
				t.Errorf("CgroupV1() = %v, %v; want %v", v1, err, tc.v1)
			}
			lower, err := tc.host.CanLowerOOMScore()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("CanLowerOOMScore() error = %v, want one about %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || lower != tc.lower {
				t.Errorf("CanLowerOOMScore() = %v, %v; want %v", lower, err, tc.lower)
			}
			qs, err := tc.host.Quirks()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, q := range qs {
				names = append(names, q.Name)
			}
			if got := strings.Join(names, " "); got != tc.quirks {
				t.Errorf("Quirks() = %q, want %q", got, tc.quirks)
			}
		})
	}
}

func TestQuirksBecomeKindPatches(t *testing.T) {
	qs, err := Host{Proc: status("000001fffeffffff"), Cgroup: cgroupV1}.Quirks()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Prepare(Layout(2), "kpod", "", qs)
	if len(cfg.KubeadmConfigPatches) != 1 || cfg.KubeadmConfigPatches[0] != "kind: KubeletConfiguration\nfailCgroupV1: false\n" {
		t.Errorf("kubeadm patches = %q", cfg.KubeadmConfigPatches)
	}
	if len(cfg.ContainerdConfigPatches) != 3 {
		t.Fatalf("containerd patches = %q, want one per config version", cfg.ContainerdConfigPatches)
	}
	for i, want := range []string{`version = 2`, `version = 3`, `version = 4`} {
		p := cfg.ContainerdConfigPatches[i]
		if !strings.HasPrefix(p, want+"\n") || !strings.Contains(p, "restrict_oom_score_adj = true") {
			t.Errorf("containerd patch %d = %q", i, p)
		}
	}
	plain := Prepare(Layout(2), "kpod", "", nil)
	if len(plain.KubeadmConfigPatches)+len(plain.ContainerdConfigPatches) != 0 {
		t.Errorf("a host without quirks got patches: %q %q", plain.KubeadmConfigPatches, plain.ContainerdConfigPatches)
	}
}
