package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

// Set at build time with -ldflags "-X github.com/kpod-dev/kpod/internal/cli.Version=v0.1.0 ..."
// (make build and the release do); a `go install` build leaves them empty
// and kpod reads the module's build info instead.
var (
	Version   = ""
	GitCommit = ""
	BuildDate = ""
)

// VersionInfo is kpod's version, with the fields of kubectl's clientVersion.
type VersionInfo struct {
	GitVersion   string `json:"gitVersion"`
	GitCommit    string `json:"gitCommit"`
	GitTreeState string `json:"gitTreeState"`
	BuildDate    string `json:"buildDate"`
	GoVersion    string `json:"goVersion"`
	Compiler     string `json:"compiler"`
	Platform     string `json:"platform"`
}

// GetVersion is the version from the linker flags, else from the build info
// Go records in every binary (the module version for `go install
// ...@v0.1.0`, the VCS revision for a build from a checkout).
func GetVersion() VersionInfo {
	return versionFrom(Version, GitCommit, BuildDate, debug.ReadBuildInfo)
}

func versionFrom(version, commit, date string, read func() (*debug.BuildInfo, bool)) VersionInfo {
	v := VersionInfo{
		GitVersion: version, GitCommit: commit, BuildDate: date,
		GoVersion: runtime.Version(), Compiler: runtime.Compiler, Platform: runtime.GOOS + "/" + runtime.GOARCH,
	}
	if bi, ok := read(); ok {
		if v.GitVersion == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.GitVersion = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.GitCommit == "" {
					v.GitCommit = s.Value
				}
			case "vcs.time":
				if v.BuildDate == "" {
					v.BuildDate = s.Value
				}
			case "vcs.modified":
				v.GitTreeState = map[string]string{"true": "dirty", "false": "clean"}[s.Value]
			}
		}
		if bi.GoVersion != "" {
			v.GoVersion = bi.GoVersion
		}
	}
	if v.GitVersion == "" {
		v.GitVersion = "v0.0.0-dev"
	}
	if v.GitCommit != "" && v.GitTreeState == "" {
		v.GitTreeState = "clean"
	}
	return v
}

// VersionOptions are kpod version's: none but the output.
type VersionOptions struct {
	noValidate

	out *output

	Version VersionInfo
}

// newVersionOptions are kpod version's defaults.
func newVersionOptions(out *output) *VersionOptions { return &VersionOptions{out: out} }

func newCmdVersion(inv *invocation) *cobra.Command {
	o := newVersionOptions(inv.output)
	cmd := &cobra.Command{
		Use:  "version",
		Args: noArgs,
		RunE: runE(o),
	}
	outputs(cmd, "json", "yaml")
	describe(cmd, "version", inv.Name)
	return cmd
}

// Complete reads the version.
func (o *VersionOptions) Complete(_ []string) error {
	o.Version = GetVersion()
	return nil
}

// Run prints the version.
func (o *VersionOptions) Run(_ context.Context) error {
	v := o.Version
	w := o.out.Streams.Out
	switch o.out.Global.Output {
	case "json":
		b, err := json.MarshalIndent(record(schemaVersion, "version", map[string]any{"clientVersion": v}), "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case "yaml":
		b, err := yaml.Marshal(map[string]VersionInfo{"clientVersion": v})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	fmt.Fprintf(w, "kpod %s\n", v.GitVersion)
	for _, f := range [][2]string{{"commit", v.GitCommit}, {"tree", v.GitTreeState}, {"built", v.BuildDate}, {"go", v.GoVersion}, {"platform", v.Platform}} {
		if f[1] != "" {
			fmt.Fprintf(w, "  %-9s %s\n", f[0]+":", f[1])
		}
	}
	return nil
}
