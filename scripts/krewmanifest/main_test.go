package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// The release builds kpod once, small (-trimpath, -s -w), and each archive
// holds that one binary; the krew manifest installs it and its caveats say
// how to get `kubectl kpod <TAB>`, which krew does not install.
func TestReleaseAndKrewManifest(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rel struct {
		Builds []struct {
			ID, Binary string
			Flags      []string
			Ldflags    []string
		}
		Archives []struct{ IDs []string }
	}
	if err := yaml.Unmarshal(data, &rel); err != nil {
		t.Fatal(err)
	}
	if len(rel.Builds) != 1 {
		t.Fatalf("%d builds, want one binary: %+v", len(rel.Builds), rel.Builds)
	}
	b := rel.Builds[0]
	if b.Binary != "kpod" || !slices.Contains(b.Flags, "-trimpath") || len(b.Ldflags) == 0 || !strings.Contains(b.Ldflags[0], "-s -w") {
		t.Errorf("build %+v: want binary kpod, -trimpath and -ldflags '-s -w'", b)
	}
	for _, a := range rel.Archives {
		if !slices.Equal(a.IDs, []string{b.ID}) {
			t.Errorf("archive of builds %v, want only %q", a.IDs, b.ID)
		}
	}

	var out bytes.Buffer
	if err := run(&out, "../../.krew.yaml", "v1.2.3", ""); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Spec struct {
			Caveats   string
			Platforms []struct {
				Bin      string
				Selector struct{ MatchLabels map[string]string }
			}
		}
	}
	if err := yaml.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, p := range m.Spec.Platforms {
		want := b.Binary
		if p.Selector.MatchLabels["os"] == "windows" {
			want += ".exe"
		}
		if p.Bin != want {
			t.Errorf("%v: bin %q, but the archive holds %q", p.Selector.MatchLabels, p.Bin, want)
		}
	}
	if !strings.Contains(m.Spec.Caveats, "kubectl kpod completion kubectl-plugin") {
		t.Errorf("the krew caveats do not say how to get completion:\n%s", m.Spec.Caveats)
	}
}
