// Command imgtool packs a directory into a one-layer container image and
// writes it as a docker-archive tarball, which `ctr images import` loads.
//
// The kpod test cluster has no registry, so its images (pause, shell, web,
// coredns) are made on the machine from files it already has. imgtool uses the
// standard library only. Its output depends on its inputs alone (sorted
// entries, fixed owners and times), so the same inputs give the same image ID.
//
//	imgtool -rootfs DIR -tag kpod.local/web:1.0 -o web.tar \
//	    -cmd '["httpd","-f"]' -env PATH=/bin -port 80/tcp
//
// It prints the image ID (the digest of the image config) on stdout.
package main

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// epoch is the modification time of every file in every image.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// imageConfig is the part of the OCI/Docker image config that kpod uses.
type imageConfig struct {
	Architecture string        `json:"architecture"`
	OS           string        `json:"os"`
	Created      time.Time     `json:"created"`
	Config       runConfig     `json:"config"`
	RootFS       rootFS        `json:"rootfs"`
	History      []historyItem `json:"history"`
}

type runConfig struct {
	Env          []string            `json:"Env,omitempty"`
	Entrypoint   []string            `json:"Entrypoint,omitempty"`
	Cmd          []string            `json:"Cmd,omitempty"`
	WorkingDir   string              `json:"WorkingDir,omitempty"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	Labels       map[string]string   `json:"Labels,omitempty"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type historyItem struct {
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
}

type manifestEntry struct {
	Config   string
	RepoTags []string
	Layers   []string
}

func main() {
	var (
		rootfs     = flag.String("rootfs", "", "directory that becomes the image's filesystem")
		tag        = flag.String("tag", "", "image name, e.g. kpod.local/web:1.0")
		out        = flag.String("o", "", "output tarball (docker-archive)")
		entrypoint = flag.String("entrypoint", "", "entrypoint as a JSON array")
		cmd        = flag.String("cmd", "", "command as a JSON array")
		workdir    = flag.String("workdir", "/", "working directory")
		envs       listFlag
		ports      listFlag
		labels     listFlag
	)
	flag.Var(&envs, "env", "NAME=VALUE (repeatable)")
	flag.Var(&ports, "port", "exposed port, e.g. 80/tcp (repeatable)")
	flag.Var(&labels, "label", "KEY=VALUE (repeatable)")
	flag.Parse()
	if *rootfs == "" || *tag == "" || *out == "" {
		fail(fmt.Errorf("-rootfs, -tag and -o are required"))
	}

	rc := runConfig{Env: envs, WorkingDir: *workdir}
	if err := parseArray(*entrypoint, &rc.Entrypoint); err != nil {
		fail(fmt.Errorf("-entrypoint: %w", err))
	}
	if err := parseArray(*cmd, &rc.Cmd); err != nil {
		fail(fmt.Errorf("-cmd: %w", err))
	}
	if len(ports) > 0 {
		rc.ExposedPorts = map[string]struct{}{}
		for _, p := range ports {
			rc.ExposedPorts[p] = struct{}{}
		}
	}
	if len(labels) > 0 {
		rc.Labels = map[string]string{}
		for _, l := range labels {
			k, v, _ := strings.Cut(l, "=")
			rc.Labels[k] = v
		}
	}

	id, err := build(*rootfs, *tag, *out, rc)
	if err != nil {
		fail(err)
	}
	fmt.Println(id)
}

func parseArray(s string, dst *[]string) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), dst)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "imgtool:", err)
	os.Exit(1)
}

// build writes the layer to a temporary file (to learn its digest), then the
// archive: the layer, the config and manifest.json.
func build(rootfs, tag, out string, rc runConfig) (string, error) {
	layer, err := os.CreateTemp(filepath.Dir(out), ".layer-*.tar")
	if err != nil {
		return "", err
	}
	defer os.Remove(layer.Name())
	defer layer.Close()

	h := sha256.New()
	if err := writeLayer(io.MultiWriter(layer, h), rootfs); err != nil {
		return "", fmt.Errorf("layer: %w", err)
	}
	diffID := digest(h)

	cfg := imageConfig{
		Architecture: runtime.GOARCH,
		OS:           "linux",
		Created:      epoch,
		Config:       rc,
		RootFS:       rootFS{Type: "layers", DiffIDs: []string{"sha256:" + diffID}},
		History:      []historyItem{{Created: epoch, CreatedBy: "kpod scripts/e2e/imgtool"}},
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	cfgSum := sha256.Sum256(cfgJSON)
	cfgID := hex.EncodeToString(cfgSum[:])

	manifest, err := json.Marshal([]manifestEntry{{
		Config:   cfgID + ".json",
		RepoTags: []string{tag},
		Layers:   []string{diffID + "/layer.tar"},
	}})
	if err != nil {
		return "", err
	}

	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	tw := tar.NewWriter(f)
	if err := addDir(tw, diffID+"/"); err != nil {
		return "", err
	}
	if _, err := layer.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	st, err := layer.Stat()
	if err != nil {
		return "", err
	}
	if err := addFile(tw, diffID+"/layer.tar", st.Size(), layer); err != nil {
		return "", err
	}
	if err := addBytes(tw, cfgID+".json", cfgJSON); err != nil {
		return "", err
	}
	if err := addBytes(tw, "manifest.json", manifest); err != nil {
		return "", err
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, out); err != nil {
		return "", err
	}
	return "sha256:" + cfgID, nil
}

func digest(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// writeLayer tars rootfs with sorted entries, owned by root, at a fixed time.
func writeLayer(w io.Writer, rootfs string) error {
	var paths []string
	err := filepath.WalkDir(rootfs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != rootfs {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)

	tw := tar.NewWriter(w)
	for _, p := range paths {
		rel, err := filepath.Rel(rootfs, p)
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		link := ""
		if fi.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if fi.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "root", "root"
		hdr.ModTime, hdr.AccessTime, hdr.ChangeTime = epoch, time.Time{}, time.Time{}
		hdr.Format = tar.FormatPAX
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(tw, f)
			f.Close()
			if err != nil {
				return err
			}
		}
	}
	return tw.Close()
}

func addDir(tw *tar.Writer, name string) error {
	return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755, ModTime: epoch})
}

func addFile(tw *tar.Writer, name string, size int64, r io.Reader) error {
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: size, ModTime: epoch}); err != nil {
		return err
	}
	_, err := io.Copy(tw, r)
	return err
}

func addBytes(tw *tar.Writer, name string, b []byte) error {
	return addFile(tw, name, int64(len(b)), strings.NewReader(string(b)))
}
