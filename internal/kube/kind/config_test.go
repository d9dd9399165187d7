package kind

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"

	"github.com/kpod-dev/kpod/internal/text"
)

func TestPrepareMarksEveryNode(t *testing.T) {
	base := Layout(2)
	cfg := Prepare(base, "class", "", nil)
	if cfg.Name != "class" || len(cfg.Nodes) != 3 || Workers(cfg) != 2 {
		t.Fatalf("config = %+v", cfg)
	}
	if cfg.Nodes[0].Role != v1alpha4.ControlPlaneRole {
		t.Errorf("first node is %s", cfg.Nodes[0].Role)
	}
	for _, n := range cfg.Nodes {
		if n.Labels[OwnerLabel] != "class" {
			t.Errorf("node %s labels = %v", n.Role, n.Labels)
		}
		if n.Image != defaults.Image {
			t.Errorf("node image = %q, want kind's default", n.Image)
		}
	}
	if base.Nodes[0].Labels != nil || base.Name != "" {
		t.Error("Prepare changed its input")
	}
	if got := NodeImages(cfg); len(got) != 1 || got[0] != defaults.Image {
		t.Errorf("NodeImages = %v", got)
	}
	img := Prepare(Layout(0), "kpod", "kindest/node:v1.36.1", nil)
	if got := NodeImages(img); len(got) != 1 || got[0] != "kindest/node:v1.36.1" {
		t.Errorf("--image: NodeImages = %v", got)
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  labels:
    tier: teacher
- role: worker
- role: worker
- role: worker
`)
	cfg, err := LoadConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	if Workers(cfg) != 3 || cfg.Nodes[0].Labels["tier"] != "teacher" {
		t.Errorf("config = %+v", cfg)
	}
	p := Prepare(cfg, "kpod", "", nil)
	if p.Nodes[0].Labels["tier"] != "teacher" || p.Nodes[0].Labels[OwnerLabel] != "kpod" {
		t.Errorf("labels after Prepare = %v", p.Nodes[0].Labels)
	}
	for name, body := range map[string]string{
		"unknown field": "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodez: []\n",
		"wrong kind":    "kind: Pod\napiVersion: v1\n",
	} {
		if _, err := LoadConfig(write(strings.ReplaceAll(name, " ", "-")+".yaml", body)); err == nil || !strings.HasPrefix(text.Key(err), "err.kind.config.") {
			t.Errorf("%s: error = %v", name, err)
		}
	}
	if _, err := LoadConfig(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"kpod", "class-1", "a"} {
		if err := ValidateName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Kpod", "-x", "x-", "a_b", strings.Repeat("a", 51)} {
		if err := ValidateName(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
