// Command krewmanifest renders .krew.yaml for one release: the archive URL
// and sha256 of every platform, the sha256 read from GoReleaser's
// checksums.txt. Without a checksums file (CI, before any release) it
// fills in the sha256 of nothing, which checks the manifest's structure
// but not its archives.
//
//	go run ./scripts/krewmanifest -tag v0.1.0 [-checksums dist/checksums.txt] > kpod.yaml
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"text/template"
)

type platform struct{ OS, Arch, Ext, Bin string }

func main() {
	tag := flag.String("tag", "v0.0.0", "the release tag")
	sums := flag.String("checksums", "", "GoReleaser's checksums.txt")
	in := flag.String("template", ".krew.yaml", "the manifest template")
	flag.Parse()
	if err := run(os.Stdout, *in, *tag, *sums); err != nil {
		fmt.Fprintln(os.Stderr, "krewmanifest:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, in, tag, sumsFile string) error {
	sums := map[string]string{}
	if sumsFile != "" {
		f, err := os.Open(sumsFile)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if sum, file, ok := strings.Cut(sc.Text(), "  "); ok {
				sums[file] = sum
			}
		}
	}
	const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" // sha256 of nothing
	funcs := template.FuncMap{"addURIAndSha": func(uri, _ string) (string, error) {
		sum := sums[path.Base(uri)]
		if sum == "" {
			if sumsFile != "" {
				return "", fmt.Errorf("no checksum for %s in %s", path.Base(uri), sumsFile)
			}
			sum = empty
		}
		return fmt.Sprintf("uri: %s\n      sha256: %s", uri, sum), nil
	}}
	t, err := template.New(path.Base(in)).Funcs(funcs).ParseFiles(in)
	if err != nil {
		return err
	}
	var ps []platform
	for _, os := range []string{"linux", "darwin", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			// The archive holds one binary, kpod; krew links it as kubectl-kpod.
			p := platform{OS: os, Arch: arch, Ext: "tar.gz", Bin: "kpod"}
			if os == "windows" {
				p.Ext, p.Bin = "zip", "kpod.exe"
			}
			ps = append(ps, p)
		}
	}
	return t.Execute(w, map[string]any{"TagName": tag, "Platforms": ps})
}
