package kind

import (
	"archive/tar"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

// Normalize writes an image reference the way nodes report it:
// nginx:1.30-alpine is docker.io/library/nginx:1.30-alpine, and a reference
// without tag or digest means :latest.
func Normalize(ref string) string {
	name, digest, hasDigest := strings.Cut(ref, "@")
	domain, rest, hasSlash := strings.Cut(name, "/")
	if !hasSlash || (!strings.ContainsAny(domain, ".:") && domain != "localhost") {
		domain, rest = "docker.io", name
	}
	if domain == "index.docker.io" {
		domain = "docker.io"
	}
	if domain == "docker.io" && !strings.Contains(rest, "/") {
		rest = "library/" + rest
	}
	out := domain + "/" + rest
	if !hasDigest && !strings.Contains(rest[strings.LastIndex(rest, "/")+1:], ":") {
		out += ":latest"
	}
	if hasDigest {
		out += "@" + digest
	}
	return out
}

// Missing returns the images of want that node does not report having.
func Missing(node *corev1.Node, want []string) []string {
	have := map[string]bool{}
	for _, img := range node.Status.Images {
		for _, n := range img.Names {
			have[Normalize(n)] = true
		}
	}
	var out []string
	for _, w := range want {
		if !have[Normalize(w)] {
			out = append(out, w)
		}
	}
	return out
}

// ArchiveImages lists the images an archive holds, read from the
// manifest.json of `docker save` (and `podman save`) or the index.json of an
// OCI archive, normalized. It reads r to its end.
func ArchiveImages(r io.Reader) ([]string, error) {
	tr := tar.NewReader(r)
	seen := map[string]bool{}
	found := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, words.Err("err.kind.archive.notone", text.Facts{"Why": oneLine(err)})
		}
		var names []string
		switch strings.TrimPrefix(h.Name, "./") {
		case "manifest.json":
			var m []struct{ RepoTags []string }
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return nil, words.Err("err.kind.archive.file", text.Facts{"File": "manifest.json", "Why": oneLine(err)})
			}
			for _, e := range m {
				names = append(names, e.RepoTags...)
			}
		case "index.json":
			var idx struct {
				Manifests []struct{ Annotations map[string]string }
			}
			if err := json.NewDecoder(tr).Decode(&idx); err != nil {
				return nil, words.Err("err.kind.archive.file", text.Facts{"File": "index.json", "Why": oneLine(err)})
			}
			for _, m := range idx.Manifests {
				if n := m.Annotations["io.containerd.image.name"]; n != "" {
					names = append(names, n)
				}
			}
		default:
			continue
		}
		found = true
		for _, n := range names {
			seen[Normalize(n)] = true
		}
	}
	if !found {
		return nil, words.Err("err.kind.archive.empty", nil)
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}
