package runenv

import "testing"

// A role's image is its flag, else its environment variable, else its
// default; Stamp swaps only a role's default image and keeps the rest of
// the manifest as it is.
func TestImagesAndStamp(t *testing.T) {
	env := map[string]string{"KPOD_IMAGE_WEB": "env/web:1", "KPOD_IMAGE_SHELL": "env/shell:1"}
	set := ImageSet(Images(map[string]string{"web": "flag/web:1"}, func(k string) string { return env[k] }))
	if set.Image("web") != "flag/web:1" || set.Image("shell") != "env/shell:1" {
		t.Errorf("flag, then environment: got %v", set)
	}
	if got := Images(nil, func(string) string { return "" }); got["web"] != "nginx:1.30-alpine" {
		t.Errorf("default web image: got %q", got["web"])
	}
	manifest := "spec:\n  containers:\n  - name: web # the server\n    image: nginx:1.30-alpine\n  - image: other:2\n"
	want := "spec:\n  containers:\n  - name: web # the server\n    image: flag/web:1\n  - image: other:2\n"
	if got := string(set.Stamp([]byte(manifest))); got != want {
		t.Errorf("Stamp:\n%s\nwant:\n%s", got, want)
	}
}
