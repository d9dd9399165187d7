package kind

import (
	"archive/tar"
	"bytes"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/kpod-dev/kpod/internal/text"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"nginx:1.30-alpine":                    "docker.io/library/nginx:1.30-alpine",
		"nginx":                                "docker.io/library/nginx:latest",
		"kindest/node:v1.37.0":                 "docker.io/kindest/node:v1.37.0",
		"docker.io/library/busybox:1.37":       "docker.io/library/busybox:1.37",
		"index.docker.io/library/busybox:1.37": "docker.io/library/busybox:1.37",
		"registry.k8s.io/pause:3.10":           "registry.k8s.io/pause:3.10",
		"localhost:5000/web":                   "localhost:5000/web:latest",
		"localhost/web:1":                      "localhost/web:1",
		"nginx@sha256:abc":                     "docker.io/library/nginx@sha256:abc",
		"kindest/node:v1.37.0@sha256:abc":      "docker.io/kindest/node:v1.37.0@sha256:abc",
		"ghcr.io/kpod-dev/web:2":               "ghcr.io/kpod-dev/web:2",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMissing(t *testing.T) {
	n := &corev1.Node{Status: corev1.NodeStatus{Images: []corev1.ContainerImage{
		{Names: []string{"docker.io/library/nginx@sha256:1", "docker.io/library/nginx:1.30-alpine"}},
		{Names: []string{"registry.k8s.io/pause:3.10"}},
	}}}
	got := Missing(n, []string{"nginx:1.30-alpine", "busybox:1.37"})
	if !reflect.DeepEqual(got, []string{"busybox:1.37"}) {
		t.Errorf("Missing = %v", got)
	}
}

func tarOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestArchiveImages(t *testing.T) {
	docker := tarOf(t, map[string]string{
		"blobs/sha256/aa": "layer",
		"manifest.json":   `[{"Config":"c.json","RepoTags":["nginx:1.30-alpine"]},{"Config":"d.json","RepoTags":["docker.io/library/busybox:1.37"]}]`,
	})
	got, err := ArchiveImages(bytes.NewReader(docker))
	if err != nil || !reflect.DeepEqual(got, []string{"docker.io/library/busybox:1.37", "docker.io/library/nginx:1.30-alpine"}) {
		t.Errorf("docker archive: %v, %v", got, err)
	}
	oci := tarOf(t, map[string]string{
		"oci-layout": `{"imageLayoutVersion":"1.0.0"}`,
		"index.json": `{"manifests":[{"annotations":{"io.containerd.image.name":"docker.io/library/nginx:1.30-alpine","org.opencontainers.image.ref.name":"1.30-alpine"}}]}`,
	})
	got, err = ArchiveImages(bytes.NewReader(oci))
	if err != nil || !reflect.DeepEqual(got, []string{"docker.io/library/nginx:1.30-alpine"}) {
		t.Errorf("OCI archive: %v, %v", got, err)
	}
	if _, err := ArchiveImages(bytes.NewReader(tarOf(t, map[string]string{"hello.txt": "hi"}))); text.Key(err) != "err.kind.archive.empty" {
		t.Errorf("plain tar: %v", err)
	}
	if _, err := ArchiveImages(strings.NewReader("this is not a tar file at all, not even close, no headers here at all................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................")); text.Key(err) != "err.kind.archive.notone" {
		t.Errorf("garbage: %v", err)
	}
}
