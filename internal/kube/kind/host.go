package kind

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
)

// Host holds the facts kpod reads about the machine the nodes run on. Tests
// pass in-memory file systems.
type Host struct {
	Proc   fs.FS // /proc
	Cgroup fs.FS // /sys/fs/cgroup
}

// SystemHost reads this machine.
func SystemHost() Host {
	return Host{Proc: os.DirFS("/proc"), Cgroup: os.DirFS("/sys/fs/cgroup")}
}

// CgroupV1 reports whether the host uses cgroup v1 (alone or in a hybrid
// layout). With v2 alone, /sys/fs/cgroup is the unified hierarchy and has
// cgroup.controllers at its root. With no /sys/fs/cgroup at all (the engine
// runs in a VM kpod cannot see), there is nothing to tell: false.
func (h Host) CgroupV1() (bool, error) {
	if h.Cgroup == nil {
		return false, nil
	}
	if _, err := fs.Stat(h.Cgroup, "cgroup.controllers"); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("reading /sys/fs/cgroup: %w", err)
	}
	entries, err := fs.ReadDir(h.Cgroup, ".")
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading /sys/fs/cgroup: %w", err)
	}
	return len(entries) > 0, nil
}

// capSysResource is CAP_SYS_RESOURCE's bit in the capability sets.
const capSysResource = 24

// CanLowerOOMScore reports whether this process holds CAP_SYS_RESOURCE (bit
// 24 of CapEff in /proc/self/status), without which the container runtime in
// the nodes may not lower a process's oom_score_adj. With no /proc (not
// Linux) it reports true: there is nothing to work around.
func (h Host) CanLowerOOMScore() (bool, error) {
	if h.Proc == nil {
		return true, nil
	}
	b, err := fs.ReadFile(h.Proc, "self/status")
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading /proc/self/status: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "CapEff:")
		if !ok {
			continue
		}
		caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err != nil {
			return false, fmt.Errorf("reading CapEff in /proc/self/status: %w", err)
		}
		return caps&(1<<capSysResource) != 0, nil
	}
	return false, errors.New("reading /proc/self/status: no CapEff line")
}

// Quirk is a change to kind's config that this host needs.
type Quirk struct {
	Name string `json:"name"` // cgroup-v1, oom-score
	Why  string `json:"why"`  // what kpod saw on the host
	Does string `json:"does"` // what kpod changes
	// Kubeadm and Containerd are kind's config patches for the quirk.
	Kubeadm    []string `json:"-"`
	Containerd []string `json:"-"`
}

// Quirks returns what this host needs, each only when needed.
func (h Host) Quirks() ([]Quirk, error) {
	var out []Quirk
	v1, err := h.CgroupV1()
	if err != nil {
		return nil, err
	}
	if v1 {
		out = append(out, Quirk{
			Name: "cgroup-v1",
			Why:  "this host uses cgroup v1, which the kubelet refuses from Kubernetes 1.35 on",
			Does: "kubelet config failCgroupV1: false",
			Kubeadm: []string{"kind: KubeletConfiguration\n" +
				"failCgroupV1: false\n"},
		})
	}
	lower, err := h.CanLowerOOMScore()
	if err != nil {
		return nil, err
	}
	if !lower {
		out = append(out, Quirk{
			Name: "oom-score",
			Why:  "kpod runs without CAP_SYS_RESOURCE, so containers on the nodes may not lower their oom score",
			Does: "containerd restrict_oom_score_adj = true",
			// One patch per containerd config version; kind applies the one
			// whose version matches the node image's config. Versions 3 and 4
			// keep the runtime settings in the same plugin.
			Containerd: []string{
				"version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\n  restrict_oom_score_adj = true\n",
				"version = 3\n[plugins.\"io.containerd.cri.v1.runtime\"]\n  restrict_oom_score_adj = true\n",
				"version = 4\n[plugins.\"io.containerd.cri.v1.runtime\"]\n  restrict_oom_score_adj = true\n",
			},
		})
	}
	return out, nil
}

// Apply adds the quirks' patches to cfg.
func Apply(cfg *v1alpha4.Cluster, quirks []Quirk) {
	for _, q := range quirks {
		cfg.KubeadmConfigPatches = append(cfg.KubeadmConfigPatches, q.Kubeadm...)
		cfg.ContainerdConfigPatches = append(cfg.ContainerdConfigPatches, q.Containerd...)
	}
}
